// The respondent's page: the trust and value questions about an organisation show only once its frequency is
// answered and is not 0 (the server drops them anyway; without JS every question shows).
function update(section) {
  const chosen = section.querySelector(".survey-frequency input:checked");
  const works = chosen !== null && chosen.value !== "0";
  for (const item of section.querySelectorAll(".survey-depends")) {
    item.hidden = !works;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const section of document.querySelectorAll(".survey-about")) {
    update(section);
    section.addEventListener("change", () => update(section));
  }
});
