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
// "取消" on a form: <a href="<where to go without history>" data-back> goes back to the page the user came
// from on this site (a javascript: link would be blocked by the site's CSP); else it follows its href.
document.addEventListener("click", function (event) {
  var el = event.target.closest("[data-back]");
  if (!el || event.defaultPrevented) return;
  var cameFromHere = document.referrer && document.referrer.indexOf(window.location.origin + "/") === 0;
  if (cameFromHere && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
