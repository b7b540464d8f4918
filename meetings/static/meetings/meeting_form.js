/* The meeting form on a tablet: participants picked from the type-ahead become chips (hidden inputs), follow-up and
   need rows are added from the formset's empty form and removed by marking them DELETE. Everything is a tap on a
   large button; nothing depends on hover. htmx (loaded by base.html) fetches the search results. */
(function () {
  "use strict";

  const form = document.getElementById("meeting-form");
  if (!form) return;
  const chips = document.getElementById("chips");
  const chipTemplate = document.getElementById("chip-template");
  const search = document.getElementById("participant-q");

  function hasChip(kind, id) {
    return chips.querySelector(`input[name="${kind}"][value="${id}"]`) !== null;
  }

  function addChip(kind, id, label, district) {
    if (!id || hasChip(kind, id)) return;
    const chip = chipTemplate.content.firstElementChild.cloneNode(true);
    chip.className = `chip chip-${kind}`;
    chip.dataset.kind = kind;
    chip.dataset.id = id;
    const input = chip.querySelector("input");
    input.name = kind;
    input.value = id;
    chip.querySelector(".chip-label").textContent = label;
    if (district) chip.dataset.district = district;
    chips.appendChild(chip);
  }

  // A new meeting takes place where its organisations sit, when they all sit in one ORP the user may log it in, until
  // the user picks the ORP themselves.
  const district = form.elements.namedItem("district");
  let districtChosen = false;
  if (district) district.addEventListener("change", function () { districtChosen = true; });

  function proposeDistrict() {
    if (!district || districtChosen || !form.hasAttribute("data-propose-district")) return;
    const seats = new Set(Array.from(chips.querySelectorAll(".chip-organizations"), (chip) => chip.dataset.district || ""));
    if (seats.size !== 1) return;
    const seat = seats.values().next().value;
    if (seat && Array.from(district.options).some((option) => option.value === seat)) district.value = seat;
  }

  function markChosen(button) {
    button.classList.add("chosen");
    button.setAttribute("aria-pressed", "true");
  }

  // A tap on a search result adds it; a contact person brings their organisation along (a contact takes part only
  // with their organisation).
  document.getElementById("participant-results").addEventListener("click", function (event) {
    const button = event.target.closest("button[data-kind]");
    if (!button) return;
    const data = button.dataset;
    if (data.organizationId) {
      addChip("organizations", data.organizationId, data.organizationLabel, data.organizationDistrict);
    }
    addChip(data.kind, data.id, data.label, data.district);
    markChosen(button);
    proposeDistrict();
  });

  chips.addEventListener("click", function (event) {
    const remove = event.target.closest("[data-remove-chip]");
    if (remove) {
      remove.closest(".chip").remove();
      proposeDistrict();
    }
  });

  // Enter in the search field searches; it must not submit the meeting half-filled.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  form.addEventListener("click", function (event) {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      addRow(add.dataset.addRow);
      return;
    }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) removeRow(remove.closest(".inline-row"));
  });

  function addRow(prefix) {
    const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const index = parseInt(total.value, 10);
    const html = document.getElementById(`${prefix}-template`).innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    document.getElementById(`${prefix}-rows`).appendChild(row);
    total.value = String(index + 1);
    const first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    if (first) first.focus();
  }

  // A form sent back with errors opens on their summary (read out: role=alert), and each of its links takes the user
  // to the field, focused, not only scrolled to.
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[data-error-link]");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    });
  }

  // A removed row stays in the form, marked DELETE, so the rows after it keep their numbers.
  function removeRow(row) {
    const flag = row.querySelector('input[name$="-DELETE"]');
    if (flag) flag.checked = true;
    row.hidden = true;
  }
})();
