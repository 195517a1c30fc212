// AlloKoli — voice test in the browser through Vapi's Web SDK (@vapi-ai/web, from npm).
// Bundled by `make assets` (esbuild) into static/vendor/voice.bundle.js.
import Vapi from "@vapi-ai/web";

function setup(button) {
  const status = document.getElementById("voice-status");
  const say = (text) => { if (status) { status.textContent = text; } };
  let vapi = null;
  let live = false;
  button.addEventListener("click", async () => {
    if (live && vapi) {
      vapi.stop();
      return;
    }
    // avoidEval: Daily loads its call machine as a script from its CDN instead of eval-ing it,
    // so the Content-Security-Policy needs no 'unsafe-eval' (see http/security_headers.py).
    vapi = vapi || new Vapi(button.dataset.key, undefined, { avoidEval: true });
    vapi.on("call-start", () => {
      live = true;
      button.textContent = "Raccrocher";
      say("Appel en cours : parlez, l'assistant vous écoute.");
    });
    vapi.on("call-end", () => {
      live = false;
      button.textContent = "Démarrer l'appel";
      say("Appel terminé. Il apparaîtra dans l'historique des appels.");
    });
    vapi.on("error", () => {
      live = false;
      button.textContent = "Démarrer l'appel";
      say("L'appel n'a pas pu démarrer : vérifiez le micro et la clé publique Vapi.");
    });
    say("Connexion…");
    try {
      await vapi.start(button.dataset.assistant);
    } catch (e) {
      say("L'appel n'a pas pu démarrer : vérifiez le micro et la clé publique Vapi.");
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("voice-call");
  if (button) { setup(button); }
});
