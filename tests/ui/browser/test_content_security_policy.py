"""The Content-Security-Policy in a real browser: an injected inline script is blocked and the recorder of
tests/ui/browser/conftest.py sees it (so a violation fails any browser test), and the pages that carry other people's
JavaScript — the API docs (Swagger UI) and the admin — work under the same policy with no violation."""

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db

INJECTED = "<script>window.injected = true;</script>"


def test_an_injected_inline_script_is_blocked_and_fails_the_test(
    page, live_url, login, browser_user, pelhrimov, csp_violations
):
    login(browser_user("csp.sitar", "sitar", district=pelhrimov))

    def inject(route):
        # The real answer, its headers (the policy) included, with an inline script as an injection would add it.
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</head>", INJECTED + "</head>"))

    page.route(f"{live_url}/", inject)
    page.goto(f"{live_url}/")
    assert page.evaluate("window.injected") is None
    found = csp_violations.collect()
    assert [v.get("directive") for v in found if "directive" in v] == ["script-src-elem"], found
    assert any("Content Security Policy" in v.get("console", "") for v in found), found
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        csp_violations.assert_none()  # what pytest_runtest_call does after every browser test
    csp_violations.clear()  # this test expected its violation; the check after it must pass


def test_the_shared_device_choice_is_a_checkbox_on_the_login_page(page, live_url, browser_user, pelhrimov):
    user = browser_user("csp.shared", "sitar", district=pelhrimov)
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_label("Veřejné / sdílené zařízení – odhlásit po zavření prohlížeče").check()
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/")
    session = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    assert session and session[0]["expires"] == -1  # a browser-session cookie


def test_the_api_docs_work_under_the_policy(page, live_url, login, browser_user, pelhrimov):
    login(browser_user("csp.api", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=20_000)
    expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible()


def test_the_admin_works_under_the_policy(page, live_url, login, make_user, organization):
    login(make_user("csp.admin", password=PASSWORD, is_superuser=True, is_staff=True))
    assert page.goto(f"{live_url}/admin/").status == 200
    for path in (
        "/admin/organizations/organization/",
        f"/admin/organizations/organization/{organization.pk}/change/",
        "/admin/auth/user/",
        "/admin/permissions/roleassignment/add/",
        "/admin/meetings/meeting/add/",
    ):
        assert page.goto(f"{live_url}{path}").status == 200, path
    # The admin's own scripts run: the change list's "select all" checkbox ticks every row.
    page.goto(f"{live_url}/admin/organizations/organization/")
    page.check("#action-toggle")
    expect(page.locator("input.action-select").first).to_be_checked()
