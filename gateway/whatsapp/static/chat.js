// The WhatsApp chat beside the phone simulator. Each message is built and signed by the server
// (/whatsapp/simulator/sign: the app secret stays there), then posted by this page to the real
// /whatsapp exactly as Meta posts it. What Sapa sends back to the number is read every second.
"use strict";

(() => {
  const chat = document.getElementById("chat");
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const entry = document.getElementById("chat-entry");
  const msisdn = document.getElementById("msisdn");
  const { signUrl, webhookUrl, messagesUrl } = chat.dataset;
  // The console's CSRF check guards the signing endpoint too: send the page's token, as the phone does.
  const { csrf } = document.getElementById("phone").dataset;
  const TICKS = { queued: "...", sending: "...", sent: "\u2713", delivered: "\u2713\u2713", read: "\u2713\u2713" };
  const shown = new Map(); // message id -> its bubble, so a later poll updates its ticks
  let since = 0; // ask for messages after this id: the first one still on its way, or the last
  let phone = msisdn.value.trim();

  function bubble(side, text) {
    const item = document.createElement("li");
    item.className = `bubble ${side}`;
    const body = document.createElement("p");
    body.textContent = text;
    item.append(body);
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function choiceButton(label, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    return button;
  }

  async function send(message, shown) {
    bubble("resident", shown);
    const signed = await (await fetch(signUrl, {
      method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ phone, ...message }),
    })).json();
    const response = await fetch(webhookUrl, {
      method: "POST", headers: { "Content-Type": "application/json", [signed.header]: signed.signature },
      body: signed.body,
    });
    if (!response.ok) bubble("error", `[HTTP ${response.status}] ${await response.text()}`);
  }

  function show(message) {
    const item = bubble("sapa", message.body);
    shown.set(message.id, item);
    const choices = document.createElement("div");
    choices.className = `choices ${message.kind}`;
    const tap = (c) => send({ tapped: c.id, title: c.title, list: message.kind === "list" }, c.title);
    for (const c of message.choices) {
      const button = choiceButton(c.description ? `${c.title} - ${c.description}` : c.title, () => tap(c));
      button.className = "choice";
      choices.append(button);
    }
    if (message.kind === "list") {
      choices.hidden = true;
      item.append(choiceButton(`\u2630 ${message.button}`, () => { choices.hidden = !choices.hidden; }));
    }
    if (message.footer) {
      const footer = document.createElement("small");
      footer.textContent = message.footer;
      item.append(footer);
    }
    item.append(choices);
    const tick = document.createElement("span");
    tick.className = "tick";
    item.append(tick);
    mark(item, message);
  }

  function mark(item, message) {
    const tick = item.querySelector(".tick");
    tick.textContent = message.status === "failed"
      ? `\u2717 gagal${message.sms ? ` \u2192 SMS #${message.sms}` : ""}` : `${TICKS[message.status] || ""} ${message.sent_as}`;
  }

  async function poll() {
    const url = `${messagesUrl}?phone=${encodeURIComponent(phone)}&after=${since}`;
    try {
      const response = await fetch(url);
      if (response.ok) {
        const messages = await response.json();
        for (const message of messages) {
          if (shown.has(message.id)) mark(shown.get(message.id), message);
          else show(message);
        }
        const moving = messages.filter((m) => m.status === "queued" || m.status === "sending");
        if (moving.length) since = moving[0].id - 1;
        else if (messages.length) since = messages[messages.length - 1].id;
      }
    } finally {
      setTimeout(poll, 1000);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = entry.value.trim();
    if (text) send({ text }, text);
    entry.value = "";
  });
  msisdn.addEventListener("change", () => {
    phone = msisdn.value.trim();
    since = 0;
    shown.clear();
    log.replaceChildren();
  });
  poll();
})();
