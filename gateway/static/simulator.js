// The phone simulator: each hop is POSTed to /ussd with the provider's form fields, and the reply
// is shown like a feature phone would show it. `CON ...` keeps the session open, `END ...` closes it.
"use strict";

(() => {
  const phone = document.getElementById("phone");
  const display = document.getElementById("display");
  const status = document.getElementById("status");
  const counter = document.getElementById("counter");
  const entry = document.getElementById("entry");
  const callButton = document.getElementById("call");
  const msisdn = document.getElementById("msisdn");
  const { ussdUrl, serviceCode, networkCode, inputMode, csrf } = phone.dataset;
  const idleScreen = display.textContent;
  const HOP_TIMEOUT_MS = 10000; // the provider waits about 10 s for an answer
  const GSM7_EXTENDED = "^{}\\[~]|€\f"; // two septets each, as menus/gsm7.py counts them

  let call = null; // {id, inputs, hops}: the session in progress, null when idle
  let waiting = false;

  function septets(text) {
    let count = 0;
    for (const ch of text) count += GSM7_EXTENDED.includes(ch) ? 2 : 1;
    return count;
  }

  function show(text, state, counted) {
    display.textContent = text;
    display.scrollTop = 0;
    status.textContent = state;
    const length = counted ? septets(text) : 0;
    counter.textContent = counted ? `${length}/160` : "";
    counter.classList.toggle("over", length > 160);
  }

  function setCalling(inCall) {
    callButton.textContent = inCall ? "Kirim (Send)" : "Panggil (Call)";
    phone.classList.toggle("in-call", inCall);
  }

  function randomSessionId() {
    // crypto.getRandomValues works on plain http too (randomUUID needs a secure context).
    const bytes = crypto.getRandomValues(new Uint8Array(8));
    return "sim-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // "*384*123#" dials the office; "*384*123*1*2#" dials it with the inputs 1 and 2 already given.
  function inputsFromDialled(dialled) {
    const base = serviceCode.replace(/#$/, "");
    if (dialled === serviceCode || dialled === "") return [];
    if (dialled.startsWith(base + "*") && dialled.endsWith("#") && dialled.length > base.length + 2) {
      return dialled.slice(base.length + 1, -1).split("*");
    }
    return null;
  }

  function operatorError(detail) {
    call = null;
    setCalling(false);
    show(`Masalah koneksi atau kode MMI tidak valid.\n(Connection problem or invalid MMI code.)\n\n${detail}`,
         "Gagal (failed)", false);
  }

  // What the aggregator posts as `text`: every input so far ("1*3"), or in "latest" mode only the
  // newest ("3"), with the whole dial string on the first hop.
  function textOf(thisCall) {
    if (inputMode !== "latest") return thisCall.inputs.join("*");
    if (thisCall.hops === 0) {
      const base = serviceCode.replace(/#$/, "");
      return thisCall.inputs.length ? `${base}*${thisCall.inputs.join("*")}#` : "";
    }
    return thisCall.inputs[thisCall.inputs.length - 1];
  }

  async function hop() {
    const thisCall = call;
    const form = new URLSearchParams({
      sessionId: thisCall.id, serviceCode, phoneNumber: msisdn.value.trim(), networkCode,
      text: textOf(thisCall),
    });
    thisCall.hops += 1;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), HOP_TIMEOUT_MS);
    waiting = true;
    status.textContent = "Menghubungi... (connecting)";
    try {
      const response = await fetch(ussdUrl, { method: "POST", body: form, signal: timeout.signal,
                                              headers: { "X-CSRFToken": csrf } });
      const body = await response.text();
      if (call !== thisCall) return; // hung up while waiting: a real phone drops the late answer
      if (response.status !== 200 || !/^(CON|END) /.test(body)) {
        operatorError(`[HTTP ${response.status}] ${body.trim().slice(0, 200)}`);
      } else if (body.startsWith("END ")) {
        call = null;
        setCalling(false);
        show(body.slice(4), "Selesai (ended)", true);
      } else {
        show(body.slice(4), "USSD", true);
      }
    } catch (error) {
      if (call === thisCall) {
        operatorError(error.name === "AbortError" ? "[tidak ada jawaban dalam 10 detik (no answer in 10 s)]"
                                                  : "[tidak tersambung (cannot connect)]");
      }
    } finally {
      clearTimeout(timer);
      waiting = false;
    }
  }

  function press() {
    if (waiting) return;
    const typed = entry.value.trim();
    if (call) {
      if (typed === "") return; // a phone does not send an empty reply
      call.inputs.push(typed);
    } else {
      const inputs = inputsFromDialled(typed.replace(/\s+/g, ""));
      if (inputs === null) {
        show(`Kode tidak dikenal: ${typed}\nKantor ini: ${serviceCode}\n(Unknown code.)`, "Siaga (idle)", false);
        return;
      }
      call = { id: randomSessionId(), inputs, hops: 0 };
      setCalling(true);
    }
    entry.value = "";
    hop();
  }

  function hangUp() {
    call = null;
    entry.value = "";
    setCalling(false);
    show(idleScreen, "Siaga (idle)", false);
  }

  document.getElementById("keys").addEventListener("submit", (event) => {
    event.preventDefault();
    press();
  });
  document.getElementById("end").addEventListener("click", hangUp);
  document.getElementById("clear").addEventListener("click", () => {
    entry.value = entry.value.slice(0, -1);
  });
  for (const key of document.querySelectorAll(".key")) {
    key.addEventListener("click", () => {
      entry.value += key.dataset.key;
    });
  }
})();
