// AlloKoli — small UI helpers: toasts for HTMX errors (the server sends the French message in
// the JSON error envelope), focus management after swaps.
(function () {
  "use strict";
  function toast(message) {
    var box = document.getElementById("toasts");
    if (!box) { return; }
    var item = document.createElement("div");
    item.className = "toast";
    item.textContent = message;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 6000);
  }
  window.allokoliToast = toast;
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var message = "Une erreur est survenue. Réessayez dans un instant.";
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.detail) { message = body.detail; }
    } catch (e) { /* not JSON: keep the generic message */ }
    toast(message);
  });
  document.addEventListener("htmx:sendError", function () {
    toast("Connexion au serveur impossible. Vérifiez votre réseau.");
  });
})();
