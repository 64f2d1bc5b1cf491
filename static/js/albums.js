// The album viewer. Without this file each thumbnail is a link to the large photo, and every
// photo and caption is on the page. With it, the same links open the photo in a <dialog>:
// previous / next buttons, the arrow keys, a swipe on a touch screen, Escape (the dialog's
// own) or the close button; on closing, the focus goes to the thumbnail of the photo last
// shown, so that a keyboard reader goes on from where they are.
(function () {
  "use strict";
  var SWIPE = 50; // pixels of horizontal movement that make a swipe

  function init() {
    var grid = document.querySelector("[data-album-grid]");
    var dialog = document.querySelector("[data-album-viewer]");
    if (!grid || !dialog || typeof dialog.showModal !== "function") { return; }
    var links = Array.prototype.slice.call(grid.querySelectorAll("a.album-grid__link"));
    if (!links.length) { return; }
    var image = dialog.querySelector("[data-viewer-image]");
    var counter = dialog.querySelector("[data-viewer-counter]");
    var caption = dialog.querySelector("[data-viewer-caption]");
    var single = links.length < 2;
    var current = 0;

    dialog.querySelectorAll("[data-viewer-prev], [data-viewer-next]").forEach(function (button) {
      button.hidden = single;
    });

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      image.removeAttribute("srcset");
      image.src = link.href;
      if (link.dataset.srcset) {
        image.srcset = link.dataset.srcset;
        image.sizes = "100vw";
      }
      if (link.dataset.width) {
        image.width = Number(link.dataset.width);
        image.height = Number(link.dataset.height);
      }
      image.alt = link.dataset.alt || "";
      counter.textContent = (current + 1) + " / " + links.length;
      caption.textContent = link.dataset.caption || "";
    }

    function open(index) {
      show(index);
      dialog.showModal();
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        // A click that asks for a new tab or window keeps the link's own behaviour.
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return;
        }
        event.preventDefault();
        open(index);
      });
    });

    dialog.querySelector("[data-viewer-prev]").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector("[data-viewer-next]").addEventListener("click", function () { show(current + 1); });
    dialog.querySelector("[data-viewer-close]").addEventListener("click", function () { dialog.close(); });

    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === "ArrowLeft") {
        event.preventDefault();
        show(current - 1);
      } else if (event.key === "Home") {
        event.preventDefault();
        show(0);
      } else if (event.key === "End") {
        event.preventDefault();
        show(links.length - 1);
      }
    });

    // A click on the backdrop (outside the photo and the buttons) closes the viewer.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }
    });

    dialog.addEventListener("close", function () {
      var link = links[current];
      link.focus();
      link.scrollIntoView({ block: "nearest" });
    });

    var startX = null;
    var startY = null;
    dialog.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 1) { startX = null; return; }
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      if (startX === null || single) { return; }
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) >= SWIPE && Math.abs(dx) > Math.abs(dy)) {
        show(current + (dx < 0 ? 1 : -1));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
