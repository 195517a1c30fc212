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

// --- The configurator by voice: « Parler au lieu d'écrire » ---------------------------------
// The server hands a short-lived token bound to this conversation (in the call's
// assistantOverrides) and the configurator assistant; every tool call of the call is checked
// against it. Each voice turn comes back over server-sent events and fills the same chat log
// and profile panel as the text chat; the owner can type again at any time.

function bubble(log, role, text) {
  const div = document.createElement("div");
  div.className = "bubble " + role;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}

function fillPanel(rows) {
  const panel = document.getElementById("panel");
  if (!panel || !rows.length) { return; }
  const dl = document.createElement("dl");
  dl.className = "facts";
  for (const [label, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  }
  panel.replaceChildren(dl);
}

function listen(url) {
  const log = document.getElementById("chat-log");
  const source = new EventSource(url);
  source.addEventListener("turn", (e) => {
    const turn = JSON.parse(e.data);
    if (log) {
      if (turn.owner) { bubble(log, "user", turn.owner); }
      bubble(log, "bot", turn.reply);
    }
    fillPanel(turn.panel || []);
    const bar = document.querySelector("#progress-wrap [data-progress]");
    if (bar) {
      bar.dataset.progress = String(turn.progress);
      bar.style.width = turn.progress + "%";
      bar.parentElement.setAttribute("aria-valuenow", String(turn.progress));
    }
    if (turn.done) {
      source.close();
      if (turn.assistant_id) { window.location.href = "/assistants/" + turn.assistant_id; }
    }
  });
  return source;
}

function setupConfigurator(button) {
  const status = document.getElementById("voice-status");
  const say = (text) => { if (status) { status.textContent = text; } };
  let vapi = null;
  let live = false;
  let source = null;
  button.addEventListener("click", async () => {
    if (live && vapi) {
      vapi.stop();
      return;
    }
    say("Connexion…");
    let start;
    try {
      const r = await fetch(button.dataset.start, {
        method: "POST",
        headers: { "X-CSRF-Token": button.dataset.csrf, "Accept": "application/json" },
        credentials: "same-origin",
      });
      start = await r.json();
      if (!r.ok) { say(start.detail || "La conversation vocale n'a pas pu démarrer."); return; }
    } catch (e) {
      say("La conversation vocale n'a pas pu démarrer : vérifiez votre connexion.");
      return;
    }
    source = source || listen(button.dataset.events);
    vapi = vapi || new Vapi(start.public_key || button.dataset.key, undefined, { avoidEval: true });
    vapi.on("call-start", () => {
      live = true;
      button.textContent = "Revenir à l'écrit";
      say("Parlez : l'assistant vous écoute. Votre fiche se remplit au fil de la conversation.");
    });
    vapi.on("call-end", () => {
      live = false;
      button.textContent = "Parler au lieu d'écrire";
      say("Appel terminé. Vous pouvez continuer par écrit ou reprendre à la voix.");
    });
    // What the owner is saying, as Vapi transcribes it (the turn itself arrives by SSE).
    vapi.on("message", (m) => {
      if (m && m.type === "transcript" && m.role === "user" && m.transcriptType === "partial") {
        say("Vous : « " + m.transcript + " »");
      }
    });
    vapi.on("error", () => {
      live = false;
      button.textContent = "Parler au lieu d'écrire";
      say("L'appel n'a pas pu démarrer : vérifiez le micro et la clé publique Vapi.");
    });
    try {
      // The deployed assistant by its id; its config inline only while its deploy is pending.
      await vapi.start(start.assistant_id || start.assistant, start.assistant_overrides);
    } catch (e) {
      say("L'appel n'a pas pu démarrer : vérifiez le micro et la clé publique Vapi.");
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("voice-configurator");
  if (button) { setupConfigurator(button); }
});
