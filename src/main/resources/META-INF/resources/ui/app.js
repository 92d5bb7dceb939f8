// Fling's dashboard: the jobs Fling follows and their lifecycle, live from the event streams.
// Plain JavaScript on purpose: served by Fling from its own jar, nothing to build, nothing from a CDN.
// Everything it shows comes from the public API (GET /jobs, GET /events, GET /jobs/{name}/events,
// GET /jobs/{name}/runtime) and everything it does goes through POST /, like any other sender.
"use strict";

const PAGE_SIZE = 50;
const TERMINAL = new Set(["succeeded", "failed", "cancelled", "timed_out"]);
const WAITING = new Set(["accepted", "pending", "deploying", "retrying"]);
const ENDING_EVENTS = {
  "dev.fling.job.succeeded": "succeeded",
  "dev.fling.job.failed": "failed",
  "dev.fling.job.cancelled": "cancelled",
  "dev.fling.job.timedout": "timed_out",
};
const SOURCE = "/fling-dashboard";

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("fling.token");
const jobs = new Map();
let page = 0;
let stopStream = null;
let renderPending = false;
let refreshPending = null;
let shownJob = null;
let jobRefreshPending = null;

class Unauthorized extends Error {}

function authHeaders() {
  return token ? { Authorization: "Bearer " + token } : {};
}

async function api(path, options) {
  const sent = Object.assign({ cache: "no-store" }, options || {});
  sent.headers = Object.assign({}, sent.headers || {}, authHeaders());
  const response = await fetch(path, sent);
  if (response.status === 401 || response.status === 403) {
    askForToken(response.status === 401
      ? (token ? "Fling did not accept this token." : "Fling asks for a bearer token.")
      : "This token's subject may not use Fling.");
    throw new Unauthorized();
  }
  return response;
}

// ---- sign in ----------------------------------------------------------------------------------

function askForToken(reason) {
  stop();
  jobs.clear();
  $("jobs-body").replaceChildren();
  $("jobs-view").hidden = true;
  $("job-view").hidden = true;
  $("login").hidden = false;
  $("login-reason").textContent = reason;
  setConnection("signed out");
  $("token").focus();
}

$("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("token").value.trim();
  sessionStorage.setItem("fling.token", token);
  $("token").value = "";
  $("login").hidden = true;
  route();
});

// ---- formatting -------------------------------------------------------------------------------

function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + " s";
  const m = Math.floor(s / 60);
  if (m < 60) return m + " min " + (s % 60) + " s";
  const h = Math.floor(m / 60);
  if (h < 48) return h + " h " + (m % 60) + " min";
  return Math.floor(h / 24) + " d " + (h % 24) + " h";
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

function clock(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString() + "." + String(d.getMilliseconds()).padStart(3, "0");
}

function shortType(type) {
  return type.replace(/^dev\.fling\.job\./, "");
}

function labelsText(labels) {
  return Object.entries(labels || {}).map(([k, v]) => k + "=" + v).join(", ");
}

function stateBadge(state) {
  const span = document.createElement("span");
  span.className = "state state-" + state;
  span.textContent = state.replace("_", " ");
  return span;
}

function cell(row, label, content, className) {
  const td = document.createElement("td");
  td.dataset.label = label;
  if (content instanceof Node) td.append(content);
  else td.textContent = content == null ? "" : String(content);
  if (className) td.className = className;
  row.append(td);
  return td;
}

/** The fields of an event's data a person cares about, as one line. */
function eventSummary(type, data) {
  data = data || {};
  switch (shortType(type)) {
    case "accepted": return data.request + " accepted by the " + data.runtime + " runtime";
    case "rejected": return data.reason + ": " + data.message
      + (data.errors && data.errors.length ? " (" + data.errors.map((e) => e.field + ": " + e.message).join("; ") + ")" : "");
    case "pending": return data.reason || "waiting";
    case "started": return "parallelism " + data.parallelism + ", attempt " + data.attempt + ", Flink job " + data.flinkJobId;
    case "rescaled": return data.from + " → " + data.to + " (" + data.method + ")"
      + (data.vertices && data.vertices.length ? ": " + data.vertices.map((v) => v.id.slice(0, 8) + " " + v.from + " → " + v.to).join(", ") : "")
      + (data.reason ? "; " + data.reason : "");
    case "savepoint.completed": return data.path;
    case "succeeded": return "Flink job " + data.flinkJobId;
    case "failed": return "after " + data.attempts + " attempt(s): " + data.error;
    case "cancelled": return data.reason + (data.savepointPath ? ", savepoint " + data.savepointPath : "");
    case "timedout": return "deadline of " + data.deadlineSeconds + " s passed";
    default: return "";
  }
}

// ---- the list of jobs -------------------------------------------------------------------------

async function showJobs() {
  $("job-view").hidden = true;
  $("jobs-view").hidden = false;
  document.title = "Fling";
  await loadJobs();
  stopStream = followStream("/events", authHeaders, onListEvent, onStreamState, true);
}

async function loadJobs() {
  const response = await api("/jobs");
  if (!response.ok) {
    setConnection("Fling answered " + response.status);
    return;
  }
  const body = await response.json();
  const known = new Map(jobs);
  jobs.clear();
  for (const job of body.jobs) jobs.set(job.name, newer(known.get(job.name), job));
  scheduleRender();
}

/**
 * The stream can move a job on while GET /jobs is on its way: a list that left before the job's
 * started event must not put the row back to deploying.
 */
function newer(streamed, listed) {
  if (!streamed || !streamed.stateSince || !listed.stateSince) return listed;
  if (Date.parse(streamed.stateSince) <= Date.parse(listed.stateSince)) return listed;
  return { ...listed, state: streamed.state, stateSince: streamed.stateSince, parallelism: streamed.parallelism || listed.parallelism,
    attempt: streamed.attempt || listed.attempt, startedAt: streamed.startedAt || listed.startedAt,
    endedAt: streamed.endedAt || listed.endedAt };
}

/** Jobs that appear in the stream before the list knows them are read in one go, at most every 2 s. */
function scheduleRefresh() {
  if (refreshPending) return;
  refreshPending = setTimeout(async () => {
    refreshPending = null;
    try {
      await loadJobs();
    } catch (e) {
      if (!(e instanceof Unauthorized)) setConnection("reconnecting…");
    }
  }, 2000);
}

function onListEvent(id, type, text) {
  let event;
  try {
    event = JSON.parse(text);
  } catch (e) {
    return;
  }
  const job = jobs.get(event.subject);
  const data = event.data || {};
  if (!job) {
    if (type === "dev.fling.job.accepted" && data.request === "launch") {
      jobs.set(event.subject, { name: event.subject, namespace: data.namespace, state: "accepted",
        acceptedAt: event.time, stateSince: event.time, attempt: 1, parallelism: 0, labels: {} });
    }
    scheduleRefresh(); // the source, labels and parallelism come with the job's own record
    scheduleRender();
    return;
  }
  const before = job.state;
  if (type === "dev.fling.job.accepted" && data.request === "rescale") job.state = "rescaling";
  if (type === "dev.fling.job.pending") job.state = "pending";
  if (type === "dev.fling.job.started") {
    job.state = "running";
    job.parallelism = data.parallelism;
    job.attempt = data.attempt;
    job.startedAt = job.startedAt || event.time;
  }
  if (type === "dev.fling.job.rescaled") {
    job.state = "running";
    job.parallelism = data.to;
  }
  if (type === "dev.fling.job.failed") job.lastError = data.error;
  if (ENDING_EVENTS[type]) {
    job.state = ENDING_EVENTS[type];
    job.endedAt = event.time;
  }
  if (job.state !== before) job.stateSince = event.time;
  scheduleRender();
}

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  setTimeout(() => {
    renderPending = false;
    renderJobs();
  }, 150);
}

function filtered() {
  const state = $("filter-state").value;
  const label = $("filter-label").value.trim();
  const source = $("filter-source").value.trim();
  const [labelKey, labelValue] = label.includes("=") ? label.split(/=(.*)/s) : [label, null];
  const list = [];
  for (const job of jobs.values()) {
    if (state && job.state !== state) continue;
    if (source && job.requestSource !== source) continue;
    if (labelKey) {
      const labels = job.labels || {};
      if (!(labelKey in labels) || (labelValue !== null && labels[labelKey] !== labelValue)) continue;
    }
    list.push(job);
  }
  const newest = $("filter-order").value === "newest";
  list.sort((a, b) => {
    const order = (a.acceptedAt || "").localeCompare(b.acceptedAt || "") || a.name.localeCompare(b.name);
    return newest ? -order : order;
  });
  return list;
}

function renderJobs() {
  if ($("jobs-view").hidden) return;
  const list = filtered();
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  page = Math.min(page, pages - 1);
  const now = Date.now();
  const rows = list.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((job) => {
    const row = document.createElement("tr");
    row.dataset.job = job.name;
    const link = document.createElement("a");
    link.href = "#job=" + encodeURIComponent(job.name);
    link.textContent = job.name;
    cell(row, "Job", link);
    cell(row, "State", stateBadge(job.state));
    cell(row, "Source", job.requestSource);
    cell(row, "Labels", labelsText(job.labels));
    cell(row, "Parallelism", job.parallelism || "", "num");
    cell(row, "Attempt", job.attempt, "num");
    cell(row, "Accepted", when(job.acceptedAt));
    cell(row, "In state for", job.stateSince ? duration(now - Date.parse(job.stateSince)) : "");
    const error = cell(row, "Last error", job.lastError ? job.lastError.slice(0, 140) : "", "error");
    if (job.lastError) error.title = job.lastError;
    return row;
  });
  $("jobs-body").replaceChildren(...rows);
  const first = list.length ? page * PAGE_SIZE + 1 : 0;
  $("jobs-count").textContent = first + "–" + Math.min(list.length, (page + 1) * PAGE_SIZE) + " of " + list.length
    + " jobs";
  $("page-prev").disabled = page === 0;
  $("page-next").disabled = page >= pages - 1;
  renderFigures(now);
  // For the browser's performance tools and scripts/bench-dashboard: when the list first showed jobs.
  if (jobs.size && !performance.getEntriesByName("fling-jobs-drawn").length) performance.mark("fling-jobs-drawn");
}

function renderFigures(now) {
  const hourAgo = now - 3600 * 1000;
  let running = 0, waiting = 0, succeeded = 0, failed = 0;
  const launches = new Array(60).fill(0), wins = new Array(60).fill(0), losses = new Array(60).fill(0);
  const minute = (iso) => Math.min(59, Math.max(0, 59 - Math.floor((now - Date.parse(iso)) / 60000)));
  for (const job of jobs.values()) {
    if (job.state === "running" || job.state === "rescaling") running++;
    if (WAITING.has(job.state)) waiting++;
    if (job.acceptedAt && Date.parse(job.acceptedAt) > hourAgo) launches[minute(job.acceptedAt)]++;
    if (TERMINAL.has(job.state) && job.endedAt && Date.parse(job.endedAt) > hourAgo) {
      if (job.state === "succeeded") {
        succeeded++;
        wins[minute(job.endedAt)]++;
      } else {
        if (job.state === "failed") failed++;
        losses[minute(job.endedAt)]++;
      }
    }
  }
  $("fig-running").textContent = running;
  $("fig-pending").textContent = waiting;
  $("fig-succeeded").textContent = succeeded;
  $("fig-failed").textContent = failed;
  drawChart(launches, wins, losses);
}

function drawChart(launches, wins, losses) {
  const svg = $("chart");
  const ns = "http://www.w3.org/2000/svg";
  const top = Math.max(1, ...launches);
  const bottom = Math.max(1, ...wins.map((w, i) => w + losses[i]));
  const bars = [];
  const bar = (x, y, h, cls) => {
    const r = document.createElementNS(ns, "rect");
    r.setAttribute("x", x * 6);
    r.setAttribute("y", y);
    r.setAttribute("width", 5);
    r.setAttribute("height", Math.max(0, h));
    r.setAttribute("class", cls);
    bars.push(r);
  };
  for (let i = 0; i < 60; i++) {
    const up = 28 * launches[i] / top;
    bar(i, 29 - up, up, "bar-launch");
    const win = 28 * wins[i] / bottom, loss = 28 * losses[i] / bottom;
    bar(i, 31, win, "bar-succeeded");
    bar(i, 31 + win, loss, "bar-ended");
  }
  svg.replaceChildren(...bars);
}

for (const id of ["filter-state", "filter-order"]) $(id).addEventListener("change", () => { page = 0; renderJobs(); });
for (const id of ["filter-label", "filter-source"]) $(id).addEventListener("input", () => { page = 0; renderJobs(); });
$("filters").addEventListener("submit", (e) => e.preventDefault());
$("page-prev").addEventListener("click", () => { page--; renderJobs(); });
$("page-next").addEventListener("click", () => { page++; renderJobs(); });

// ---- one job ----------------------------------------------------------------------------------

async function showJob(name) {
  shownJob = name;
  $("jobs-view").hidden = true;
  $("job-view").hidden = false;
  $("job-name").textContent = name;
  document.title = name + " · Fling";
  $("timeline").replaceChildren();
  $("answer").replaceChildren();
  $("job-state").replaceChildren();
  $("job-facts").replaceChildren();
  const found = await loadJob(name);
  if (!found) return;
  let previous = null;
  stopStream = followStream("/jobs/" + encodeURIComponent(name) + "/events", authHeaders, (id, type, text) => {
    let event;
    try {
      event = JSON.parse(text);
    } catch (e) {
      return;
    }
    const item = document.createElement("li");
    item.dataset.type = shortType(type);
    const time = document.createElement("time");
    time.dateTime = event.time;
    time.textContent = clock(event.time);
    const gap = document.createElement("span");
    gap.className = "gap";
    gap.textContent = previous ? "+" + duration(Date.parse(event.time) - previous) : "";
    previous = Date.parse(event.time);
    const what = document.createElement("strong");
    what.textContent = shortType(type);
    const detail = document.createElement("span");
    detail.textContent = eventSummary(type, event.data);
    item.append(time, " ", gap, " ", what, " ", detail);
    $("timeline").append(item);
    scheduleJobRefresh(name);
  }, onStreamState, false);
}

function scheduleJobRefresh(name) {
  if (jobRefreshPending) return;
  jobRefreshPending = setTimeout(() => {
    jobRefreshPending = null;
    if (shownJob === name) loadJob(name).catch(() => {});
  }, 300);
}

async function loadJob(name) {
  const path = "/jobs/" + encodeURIComponent(name);
  const response = await api(path);
  if (response.status === 404) {
    $("job-state").replaceChildren(document.createTextNode("(no such job)"));
    setConnection("no job named " + name);
    return false;
  }
  const job = await response.json();
  $("job-state").replaceChildren(stateBadge(job.state));
  facts($("job-facts"), [
    ["Namespace", job.namespace],
    ["In state since", when(job.stateSince)],
    ["Parallelism", job.parallelism],
    ["Autoscaled", job.autoscaling ? job.autoscaling.minParallelism + " to " + job.autoscaling.maxParallelism : null],
    ["Vertices", job.vertices ? Object.entries(job.vertices).map(([id, p]) => id.slice(0, 8) + ": " + p).join(", ") : null],
    ["Resizes", job.resizes && job.resizes.length ? job.resizes.length + ", last " + when(job.resizes[job.resizes.length - 1].time) : null],
    ["Attempt", job.attempt],
    ["Flink job", job.flinkJobId],
    ["Accepted", when(job.acceptedAt)],
    ["Started", when(job.startedAt)],
    ["Ended", when(job.endedAt)],
    ["Labels", labelsText(job.labels)],
    ["Last savepoint", job.lastSavepoint],
  ]);
  $("error-section").hidden = !job.lastError;
  $("job-error").textContent = job.lastError || "";
  const savepoints = job.savepoints || [];
  $("savepoints-section").hidden = savepoints.length === 0;
  $("savepoints").replaceChildren(...savepoints.map((s) => {
    const li = document.createElement("li");
    li.textContent = s.path + " (" + when(s.takenAt) + ")";
    return li;
  }));
  facts($("request"), [
    ["Request id", job.requestId],
    ["Source", job.requestSource],
    ...Object.entries(job.requestExtensions || {}).map(([k, v]) => [k, v]),
  ]);
  const ended = TERMINAL.has(job.state);
  for (const id of ["rescale", "savepoint", "cancel", "cancel-savepoint"]) $(id).disabled = ended;
  await loadRuntime(path);
  return true;
}

async function loadRuntime(path) {
  const response = await api(path + "/runtime?logLines=60");
  if (!response.ok) {
    $("runtime-section").hidden = true;
    $("launch").textContent = "";
    return;
  }
  const runtime = await response.json();
  $("launch").textContent = runtime.launch ? JSON.stringify(runtime.launch, null, 2) : "";
  $("runtime-section").hidden = false;
  const ui = $("flink-ui");
  if (runtime.flinkUi) {
    const link = document.createElement("a");
    link.href = runtime.flinkUi;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Flink's web UI for this job";
    ui.replaceChildren(link);
  } else {
    ui.textContent = "The cluster is not running.";
  }
  $("jobmanager-log").textContent = (runtime.jobManagerLog || []).join("\n");
}

function facts(list, pairs) {
  const items = [];
  for (const [term, value] of pairs) {
    if (value === undefined || value === null || value === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = typeof value === "object" ? JSON.stringify(value) : String(value);
    items.push(dt, dd);
  }
  list.replaceChildren(...items);
}

/** Sends a command the way any sender does (binary mode), and shows Fling's answer. */
async function send(type, data) {
  const answer = $("answer");
  answer.className = "";
  answer.textContent = "sending…";
  let response;
  try {
    response = await api("/", {
      method: "POST",
      headers: {
        "ce-specversion": "1.0",
        "ce-id": crypto.randomUUID(),
        "ce-source": SOURCE,
        "ce-type": type,
        "content-type": "application/json",
        Prefer: "reply",
      },
      body: JSON.stringify(data),
    });
  } catch (e) {
    if (!(e instanceof Unauthorized)) answer.textContent = "Fling could not be reached: " + e.message;
    return;
  }
  if (response.ok) {
    answer.className = "answer-accepted";
    answer.textContent = shortType(type) + " accepted";
    return;
  }
  if (response.status === 400) {
    const rejected = await response.json();
    answer.className = "answer-rejected";
    const head = document.createElement("p");
    head.textContent = "Rejected (" + rejected.reason + "): " + rejected.message;
    const reasons = document.createElement("ul");
    for (const error of rejected.errors || []) {
      const li = document.createElement("li");
      li.textContent = error.field + ": " + error.message;
      reasons.append(li);
    }
    answer.replaceChildren(head, reasons);
    return;
  }
  answer.className = "answer-rejected";
  answer.textContent = "Fling answered " + response.status + ": " + (await response.text()).trim();
}

$("rescale").addEventListener("click", () =>
  send("dev.fling.job.rescale", { job: shownJob, parallelism: Number($("rescale-to").value) }));
$("savepoint").addEventListener("click", () => send("dev.fling.job.savepoint", { job: shownJob }));
$("cancel").addEventListener("click", () => send("dev.fling.job.cancel", { job: shownJob, savepoint: false }));
$("cancel-savepoint").addEventListener("click", () => send("dev.fling.job.cancel", { job: shownJob, savepoint: true }));

// ---- navigation and connection ---------------------------------------------------------------

function setConnection(text) {
  $("connection").textContent = text;
}

function onStreamState(state, detail) {
  if (state === "open") setConnection("live");
  else if (state === "retrying") setConnection("reconnecting… (" + detail + ")");
  else if (state === "ended") setConnection("the job has ended");
  else if (state === "unauthorized") askForToken("Fling did not accept this token.");
}

function stop() {
  if (stopStream) stopStream();
  stopStream = null;
  shownJob = null;
}

async function route() {
  stop();
  const match = location.hash.match(/^#job=(.+)$/);
  try {
    if (match) await showJob(decodeURIComponent(match[1]));
    else await showJobs();
  } catch (e) {
    if (!(e instanceof Unauthorized)) setConnection("Fling could not be reached: " + e.message);
  }
}

window.addEventListener("hashchange", route);
$("back").addEventListener("click", (e) => { e.preventDefault(); location.hash = ""; });
$("home").addEventListener("click", (e) => { e.preventDefault(); location.hash = ""; });
// Durations move on even when nothing happens; the list is read again now and then for what no
// event tells (a retry's backoff, a job removed after its time-to-live).
setInterval(() => { if (!$("jobs-view").hidden) renderJobs(); }, 5000);
setInterval(() => { if (!$("jobs-view").hidden) scheduleRefresh(); }, 60000);
route();
