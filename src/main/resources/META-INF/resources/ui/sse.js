// Server-Sent Events over fetch rather than EventSource: EventSource cannot send the bearer token
// that Fling's authentication modes ask for. Reconnects with Last-Event-ID, as EventSource would.
"use strict";

/**
 * Follows an event stream. onEvent(id, type, data) for each event; onState("open" | "retrying" |
 * "ended" | "unauthorized", detail). A stream the server ends (a job's terminal event) is not
 * reopened unless `reopen` is true (the stream of all jobs). Returns a function that stops it.
 */
function followStream(url, headers, onEvent, onState, reopen) {
  let lastId = null;
  let stopped = false;
  let controller = null;

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      const sent = Object.assign({ Accept: "text/event-stream" }, headers());
      if (lastId) {
        sent["Last-Event-ID"] = lastId;
      }
      let ended = false;
      try {
        const response = await fetch(url, { headers: sent, signal: controller.signal, cache: "no-store" });
        if (response.status === 401 || response.status === 403) {
          onState("unauthorized", response.status);
          return;
        }
        if (!response.ok) {
          onState("retrying", "answered " + response.status);
        } else {
          onState("open");
          await read(response.body.getReader());
          ended = true;
        }
      } catch (e) {
        if (stopped) {
          return;
        }
        onState("retrying", e.message);
      }
      if (ended && !reopen) {
        onState("ended");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, ended ? 200 : 2000));
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = "";
    let id = null, type = "message", data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (data.length) {
            if (id !== null) {
              lastId = id;
            }
            onEvent(id, type, data.join("\n"));
          }
          id = null; type = "message"; data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? "" : line.slice(colon + 1);
          if (value.startsWith(" ")) {
            value = value.slice(1);
          }
          if (field === "id") id = value;
          else if (field === "event") type = value;
          else if (field === "data") data.push(value);
        }
      }
    }
  }

  run();
  return () => {
    stopped = true;
    if (controller) {
      controller.abort();
    }
  };
}
