// The main menu's submenus: without this file they open on hover and keyboard focus (CSS);
// with it, each opens and closes with its button (a disclosure), so touch and keyboard work
// alike, and on a phone the whole menu folds behind one "Menu" button.
(function () {
  "use strict";
  // Loaded in <head>, before the body: the class lays the menu out folded, with its buttons,
  // from the first paint (site.css), so the page does not jump when init() runs.
  document.documentElement.classList.add("menu-js");
  function init() {
    var nav = document.querySelector("[data-menu]");
    if (!nav) { return; }
    nav.classList.add("main-nav--js");
    var toggles = nav.querySelectorAll("button[aria-controls]");

    function setOpen(button, open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      var target = document.getElementById(button.getAttribute("aria-controls"));
      var owner = button.classList.contains("main-nav__toggle") ? nav : button.parentElement;
      owner.classList.toggle("is-open", open);
      if (target && !button.classList.contains("main-nav__toggle")) { target.hidden = !open; }
    }
    function closeSubmenus(except) {
      nav.querySelectorAll(".main-nav__sub-toggle").forEach(function (button) {
        if (button !== except) { setOpen(button, false); }
      });
    }

    toggles.forEach(function (button) {
      button.hidden = false;
      setOpen(button, false);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        if (button.classList.contains("main-nav__sub-toggle")) { closeSubmenus(button); }
        setOpen(button, open);
      });
    });

    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var parent = event.target.closest(".main-nav__parent.is-open");
      if (parent) {
        var button = parent.querySelector(".main-nav__sub-toggle");
        setOpen(button, false);
        button.focus();
      }
    });
    // A submenu left by the keyboard or a tap elsewhere closes.
    nav.addEventListener("focusout", function (event) {
      var parent = event.target.closest(".main-nav__parent.is-open");
      if (parent && !parent.contains(event.relatedTarget)) {
        setOpen(parent.querySelector(".main-nav__sub-toggle"), false);
      }
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) { closeSubmenus(null); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
