// Submits a code form once six digits are typed or pasted, as authenticator users expect,
// shows the copy and print buttons of the backup codes, shows times in the reader's own zone, and runs
// the passkey ceremonies the pages offer. The pages work the same without this script (times
// then in UTC), except for passkeys, which need it. Its words come from the page (data-*), in
// the page's language.
document.addEventListener("DOMContentLoaded", () => {
  localTimes();
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = [...document.querySelectorAll(button.dataset.copy)].map((e) => e.textContent).join("\n");
      await navigator.clipboard.writeText(text + "\n");
      button.textContent = button.dataset.copied;
    });
  }
  for (const input of document.querySelectorAll("input[data-autosubmit]")) {
    let sent = false;
    input.addEventListener("input", () => {
      const digits = input.value.replace(/\D/g, "");
      if (digits.length === 6 && !sent) {
        sent = true;
        input.value = digits;
        input.form.requestSubmit();
      }
    });
  }
  if (window.PublicKeyCredential) passkeys();
});

// <time datetime="…Z" data-local>: the moment in the reader's zone and language.
function localTimes() {
  const lang = document.documentElement.lang || undefined;
  for (const time of document.querySelectorAll("time[data-local]")) {
    const moment = new Date(time.dateTime);
    if (isNaN(moment)) continue;
    time.textContent = moment.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
  }
}

function words(name) {
  return document.body.dataset[name] || "";
}

// A passkey button names its ceremony ("create" or "get") and carries the server's options;
// a form marked data-proof gets a button for the page's sign-in ceremony (#passkey-proof).
// The browser's answer goes in the form's passkey_answer, and the form is sent.
function passkeys() {
  for (const section of document.querySelectorAll("[data-passkey-section]")) section.hidden = false;
  const proof = document.getElementById("passkey-proof");
  if (proof) {
    for (const form of document.querySelectorAll("form[data-proof]")) {
      const button = document.createElement("button");
      Object.assign(button, { type: "button", className: "link", textContent: words("passkeyInstead") });
      button.dataset.passkey = "get";
      button.dataset.options = proof.dataset.options;
      button.dataset.ceremony = proof.dataset.ceremony;
      const p = document.createElement("p");
      p.className = "aside";
      p.append(button);
      form.append(p);
    }
  }
  for (const button of document.querySelectorAll("button[data-passkey]")) {
    button.hidden = false;
    // The login page's passkey is offered by autofill too, until the button is pressed.
    const autofill = "conditional" in button.dataset ? conditional(button) : null;
    button.addEventListener("click", () => {
      autofill?.abort();
      ceremony(button, {});
    });
  }
}

function conditional(button) {
  const waiting = new AbortController();
  (PublicKeyCredential.isConditionalMediationAvailable?.() ?? Promise.resolve(false)).then((available) => {
    if (available) ceremony(button, { mediation: "conditional", signal: waiting.signal });
  });
  return waiting;
}

async function ceremony(button, how) {
  const form = button.form;
  const options = JSON.parse(button.dataset.options);
  try {
    const answer = button.dataset.passkey === "create"
      ? await navigator.credentials.create({ publicKey: creation(options.publicKey) })
      : await navigator.credentials.get({ ...how, publicKey: request(options.publicKey) });
    field(form, "passkey_ceremony").value = button.dataset.ceremony;
    field(form, "passkey_answer").value = JSON.stringify(encoded(answer));
    form.submit();
  } catch (e) {
    if (how.signal?.aborted) return;
    say(form, e.name === "NotAllowedError"
      ? words("passkeyCancelled")
      : words("passkeyFailed") + " " + e.message);
  }
}

function field(form, name) {
  let input = form.elements[name];
  if (!input) {
    input = Object.assign(document.createElement("input"), { type: "hidden", name });
    form.append(input);
  }
  return input;
}

function say(form, message) {
  let p = form.querySelector("[data-passkey-error]");
  if (!p) {
    p = Object.assign(document.createElement("p"), { className: "error" });
    p.setAttribute("role", "alert");
    p.dataset.passkeyError = "";
    form.prepend(p);
  }
  p.textContent = message;
}

// The server's options are JSON (binary fields in base64url); the browser wants bytes.
function creation(o) {
  return {
    ...o,
    challenge: bytes(o.challenge),
    user: { ...o.user, id: bytes(o.user.id) },
    excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: bytes(c.id) })),
  };
}

function request(o) {
  return { ...o, challenge: bytes(o.challenge), allowCredentials: (o.allowCredentials || []).map((c) => ({ ...c, id: bytes(c.id) })) };
}

function encoded(credential) {
  const r = credential.response;
  const response = r.attestationObject
    ? { attestationObject: text(r.attestationObject), clientDataJSON: text(r.clientDataJSON), transports: r.getTransports ? r.getTransports() : [] }
    : {
        authenticatorData: text(r.authenticatorData),
        clientDataJSON: text(r.clientDataJSON),
        signature: text(r.signature),
        userHandle: r.userHandle ? text(r.userHandle) : null,
      };
  return { id: credential.id, rawId: text(credential.rawId), type: credential.type, response, extensions: credential.getClientExtensionResults() };
}

function bytes(base64url) {
  const b64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
}

function text(buffer) {
  const s = String.fromCharCode(...new Uint8Array(buffer));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
