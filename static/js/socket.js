// Shared websocket helper: one connection, JSON messages dispatched on `type`,
// reconnection with capped exponential backoff and jitter, full snapshot ("hello")
// asked again after a reconnection or when a `state` version was missed, or every RETRY_MS
// while the server cannot store ("unavailable": status "retrying").
// A light check every few seconds ({"type":"ping"} → {"type":"pong","v":N}) catches a missed
// `state` (the snapshot is asked again) and a socket that stays open but carries nothing any
// more (it is dropped and opened again).
// Usage: const socket = connect("/ws/play/CODE/", {state(msg) {...}, team(msg) {...}}, onStatus);
//        socket.send({type: "propose", round: 3, choice: "false"});
import { gettext } from "./i18n.js";
const FINAL = new Set([4001, 4003, 4004]); // auth refused or player gone: retrying is useless
export const CHECK_MS = 4000; // the version check; a socket silent for 3 checks is dead
const RECHECK_MS = 1500; // a newer version was seen: the broadcast may still be on its way
const RETRY_NOW = new Set([4502, 4503]); // worker cut off, database down: try again soon
const RETRY_MS = 1500;

export function connect(path, handlers, onStatus = () => {}) {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  let ws = null;
  let attempt = 0;
  let timer = null;
  let version = null;
  let stopped = false;
  let opened = false; // the server sends the full snapshot on connect; ask again only after a drop
  let retrying = null;
  let epoch = 0; // one more for every socket that opened
  let heard = 0; // when the socket last received anything
  let behind = null; // a version the server has and this page has not seen yet
  let checker = null;

  function check() {
    clearTimeout(checker);
    checker = null;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - heard > 3 * CHECK_MS) {
      // Open but silent (a stuck Wi-Fi, a half-open connection): start again.
      const dead = ws;
      dead.onclose = dead.onmessage = null;
      dead.close();
      ws = null;
      retry();
      return;
    }
    send({ type: "ping" });
    checker = setTimeout(check, CHECK_MS * (0.75 + Math.random() / 2));
  }

  function pong(v) {
    if (typeof v !== "number" || version === null || v <= version) {
      behind = null;
      return;
    }
    if (behind !== null && v >= behind) {
      behind = null; // still behind after a recheck: the broadcast was lost, resync
      send({ type: "hello" });
      return;
    }
    behind = v;
    clearTimeout(checker);
    checker = setTimeout(check, RECHECK_MS);
  }

  function retry() {
    attempt += 1;
    const delay = Math.min(10000, 500 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2);
    onStatus("reconnecting");
    timer = setTimeout(open, delay);
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  function open() {
    clearTimeout(timer);
    timer = null;
    if (stopped || (ws && ws.readyState <= WebSocket.OPEN)) return;
    onStatus(attempt ? "reconnecting" : "connecting");
    ws = new WebSocket(url);
    ws.onopen = () => {
      attempt = 0;
      epoch += 1;
      heard = Date.now();
      behind = null;
      if (opened) send({ type: "hello" });
      opened = true;
      onStatus("online");
      checker = setTimeout(check, CHECK_MS);
    };
    ws.onmessage = (event) => {
      heard = Date.now();
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg.type === "error" && msg.code === "unavailable") {
        if (retrying) return; // still down
        retrying = setInterval(() => send({ type: "hello" }), RETRY_MS);
        onStatus("retrying");
      } else if (msg.type === "state" && retrying) {
        clearInterval(retrying);
        retrying = null;
        onStatus("online");
      }
      if (msg.type === "state" && typeof msg.v === "number") {
        if (version !== null && msg.v < version) return; // an older state arrived late
        if (version !== null && msg.v > version + 1) send({ type: "hello" });
        version = msg.v;
        if (behind !== null && version >= behind) behind = null;
      }
      if (msg.type === "pong") return pong(msg.v);
      const handler = handlers[msg.type];
      if (handler) handler(msg);
    };
    ws.onclose = (event) => {
      ws = null;
      clearTimeout(checker);
      if (stopped) return;
      if (FINAL.has(event.code)) {
        stopped = true;
        onStatus("closed", event.code);
        return;
      }
      clearInterval(retrying);
      retrying = null;
      if (RETRY_NOW.has(event.code)) {
        onStatus(event.code === 4503 ? "retrying" : "reconnecting");
        timer = setTimeout(open, RETRY_MS * (0.5 + Math.random() / 2));
        return;
      }
      retry();
    };
  }

  // A phone that wakes up or gets its network back should not wait for the backoff.
  const now = () => {
    if (!stopped && !ws && document.visibilityState === "visible") {
      attempt = Math.max(attempt, 1);
      open();
    }
  };
  document.addEventListener("visibilitychange", now);
  window.addEventListener("online", now);
  // The phone knows its network is gone: say so now rather than after the checks time out.
  window.addEventListener("offline", () => {
    if (stopped || !ws) return;
    const lost = ws;
    lost.onclose = lost.onmessage = null;
    lost.close();
    ws = null;
    clearTimeout(checker);
    retry();
  });

  open();
  return {
    send,
    /** True while the socket is open: what is sent now reaches the server. */
    online: () => !!ws && ws.readyState === WebSocket.OPEN,
    /** Which socket is open (one more at every reconnection): what was sent on an older one may be lost. */
    epoch: () => epoch,
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(checker);
      if (ws) ws.close();
    },
  };
}

// What a screen says of its connection, by `connect`'s status.
export function statusText(status) {
  const words = {
    connecting: gettext("Connecting…"),
    online: gettext("Connected"),
    reconnecting: gettext("Connection lost, reconnecting…"),
    retrying: gettext("The server cannot save right now: retrying…"),
    closed: gettext("Disconnected: reload the page and log in again."), // the staff's (a phone says why it is gone)
  };
  return words[status] || status;
}

// Small DOM helpers: text only, never HTML.
export const $ = (id) => document.getElementById(id);

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

export function show(node, visible) {
  node.hidden = !visible;
}

// The server's clock minus ours, from the `now` of each state message.
export function clock() {
  let offset = 0;
  return {
    sync(serverNow) {
      if (typeof serverNow === "number") offset = serverNow - Date.now() / 1000;
    },
    since(start) {
      return Math.max(0, Math.round(Date.now() / 1000 + offset - start));
    },
    left(deadline) {
      return Math.max(0, Math.ceil(deadline - (Date.now() / 1000 + offset)));
    },
  };
}

export function mmss(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

export function sourceItem(source) {
  const li = el("li");
  const [open, close] = document.documentElement.lang === "fr" ? ["«\u202f", "\u202f»"] : ["“", "”"];
  const parts = [source.author, source.title ? open + source.title + close : "", source.year || ""].filter(Boolean);
  li.append(parts.join(", "));
  if (source.url && /^https?:\/\//i.test(source.url)) {
    li.append(" ");
    const a = el("a", source.url.replace(/^https?:\/\/(www\.)?/, "").slice(0, 60));
    a.href = source.url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    li.append(a);
  }
  return li;
}

/** A timeline's true order, oldest first, each card with its year (phone and projector). */
export function trueOrder(cards, order) {
  const byKey = Object.fromEntries(cards.map((c) => [c.key, c]));
  const list = el("ol", null, "true-order");
  for (const key of order) {
    const li = el("li");
    li.append(el("strong", byKey[key] ? byKey[key].year : "", "year"), " ", byKey[key] ? byKey[key].front : key);
    list.append(li);
  }
  return list;
}
