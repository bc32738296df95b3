// Confirmation for state-changing buttons: <button data-confirm="确定…？">. No inline scripts (CSP).
document.addEventListener("click", function (event) {
  var el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// "Select all" checkbox for bulk actions: <input type="checkbox" data-select-all="name">
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches("[data-select-all]")) {
    document.querySelectorAll('input[name="' + el.getAttribute("data-select-all") + '"]').forEach(function (box) {
      box.checked = el.checked;
    });
  }
});
