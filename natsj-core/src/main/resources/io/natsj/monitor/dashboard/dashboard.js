// natsj dashboard: polls ../varz and ../connz (relative to this page, so under any http_base_path)
// once a second; rates are the differences between two polls over the time between them.
(function () {
  "use strict";
  var POLL_MS = 1000;
  var KEEP = 300; // points kept in the charts: five minutes
  var times = [], inMsgs = [], outMsgs = [], inBytes = [], outBytes = [];
  var lastVarz = null, lastConns = {}, connzMissing = false, polls = 0;

  function $(id) { return document.getElementById(id); }

  function si(v, unit) {
    if (v == null || isNaN(v)) return "\u2013";
    var a = Math.abs(v), units = ["", "k", "M", "G", "T"], i = 0;
    while (a >= 1000 && i < units.length - 1) { a /= 1000; v /= 1000; i++; }
    return (i === 0 && Math.round(v) === v ? v.toString() : v.toFixed(1)) + (units[i] ? " " + units[i] : "") + (unit || "");
  }
  function bytes(v) {
    if (v == null || isNaN(v)) return "\u2013";
    var units = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? Math.round(v) : +v.toFixed(1)) + " " + units[i];
  }

  // Axis steps of 1, 2, 5, 10... of each binary unit, so byte ticks read 500 KiB, not 488.3 KiB.
  var BYTE_STEPS = [];
  [1, 1024, 1048576, 1073741824].forEach(function (unit) {
    [1, 2, 5, 10, 20, 50, 100, 200, 500].forEach(function (m) { BYTE_STEPS.push(m * unit); });
  });

  function chart(el, label, fmt, steps) {
    var width = Math.max(300, el.parentElement.clientWidth - 24);
    var yAxis = { size: 80, values: function (u, vals) { return vals.map(fmt); } };
    if (steps) yAxis.incrs = steps;
    return new uPlot({
      width: width, height: 220,
      series: [{}, { label: label + " in", stroke: "#27aae1", width: 2, value: function (u, v) { return fmt(v); } },
                   { label: label + " out", stroke: "#34a574", width: 2, value: function (u, v) { return fmt(v); } }],
      axes: [{}, yAxis],
      scales: { y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } }
    }, [[], [], []], el);
  }
  var msgsChart = chart($("msgs-chart"), "msgs/s", function (v) { return si(v); });
  var bytesChart = chart($("bytes-chart"), "bytes/s", function (v) { return v == null ? "\u2013" : bytes(v); }, BYTE_STEPS);

  function getJson(path) {
    return fetch(path, { cache: "no-store" }).then(function (r) {
      if (r.status === 404) return null; // an endpoint this server does not serve
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  }

  function push(arr, v) { arr.push(v); if (arr.length > KEEP) arr.shift(); }

  function onVarz(v, t) {
    $("server").textContent = (v.server_name || v.server_id) + " \u00b7 v" + v.version + " \u00b7 up " + v.uptime;
    $("connections").textContent = v.connections;
    $("subscriptions").textContent = v.subscriptions;
    $("slow-consumers").textContent = v.slow_consumers;
    $("mem").textContent = bytes(v.mem);
    if (lastVarz) {
      var dt = (t - lastVarz.t) / 1000;
      var r = {
        inMsgs: (v.in_msgs - lastVarz.v.in_msgs) / dt, outMsgs: (v.out_msgs - lastVarz.v.out_msgs) / dt,
        inBytes: (v.in_bytes - lastVarz.v.in_bytes) / dt, outBytes: (v.out_bytes - lastVarz.v.out_bytes) / dt
      };
      $("in-msgs-rate").textContent = si(r.inMsgs);
      $("out-msgs-rate").textContent = si(r.outMsgs);
      $("in-bytes-rate").textContent = bytes(r.inBytes);
      $("out-bytes-rate").textContent = bytes(r.outBytes);
      ["in-msgs-rate", "out-msgs-rate", "in-bytes-rate", "out-bytes-rate"].forEach(function (id, i) {
        $(id).dataset.value = [r.inMsgs, r.outMsgs, r.inBytes, r.outBytes][i];
      });
      push(times, t / 1000);
      push(inMsgs, r.inMsgs); push(outMsgs, r.outMsgs); push(inBytes, r.inBytes); push(outBytes, r.outBytes);
      msgsChart.setData([times, inMsgs, outMsgs]);
      bytesChart.setData([times, inBytes, outBytes]);
    }
    lastVarz = { v: v, t: t };
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function onConnz(c, t) {
    var body = document.querySelector("#connz tbody");
    if (c === null) {
      connzMissing = true;
      $("connz-note").textContent = "(this server has no /connz)";
      body.textContent = "";
      return;
    }
    $("connz-note").textContent = "(" + c.num_connections + " of " + c.total + ")";
    var rows = document.createDocumentFragment(), seen = {};
    (c.connections || []).forEach(function (k) {
      var prev = lastConns[k.cid], dt = prev ? (t - prev.t) / 1000 : 0;
      function rate(f) { return prev && dt > 0 ? Math.max(0, (k[f] - prev.k[f]) / dt) : null; }
      var tr = document.createElement("tr");
      tr.dataset.cid = k.cid;
      if (k.pending_bytes > 0) tr.className = "slow";
      var inRate = rate("in_msgs"), outRate = rate("out_msgs");
      [cell(k.cid, "n"), cell(k.name || ""), cell((k.lang || "") + (k.version ? " " + k.version : "")),
       cell(k.ip + ":" + k.port), cell(k.subscriptions, "n"),
       cell(si(inRate), "n in-rate"), cell(si(outRate), "n out-rate"),
       cell(rate("in_bytes") == null ? "\u2013" : bytes(rate("in_bytes")), "n"),
       cell(rate("out_bytes") == null ? "\u2013" : bytes(rate("out_bytes")), "n"),
       cell(bytes(k.pending_bytes), "n pending"), cell(k.uptime), cell(k.idle)].forEach(function (td) { tr.appendChild(td); });
      tr.dataset.inRate = inRate == null ? "" : inRate;
      tr.dataset.outRate = outRate == null ? "" : outRate;
      rows.appendChild(tr);
      seen[k.cid] = { k: k, t: t };
    });
    lastConns = seen;
    body.textContent = "";
    body.appendChild(rows);
  }

  function poll() {
    var t = Date.now();
    Promise.all([getJson("varz"), connzMissing ? Promise.resolve(null) : getJson("connz")])
      .then(function (res) {
        onVarz(res[0], t);
        onConnz(res[1], t);
        $("status").className = "status ok";
        $("status").title = "last update " + new Date(t).toLocaleTimeString();
        document.body.dataset.polls = ++polls;
      })
      .catch(function (e) {
        $("status").className = "status down";
        $("status").title = String(e);
      })
      .finally(function () { setTimeout(poll, POLL_MS); });
  }

  window.addEventListener("resize", function () {
    [msgsChart, bytesChart].forEach(function (u) {
      u.setSize({ width: Math.max(300, u.root.parentElement.clientWidth - 24), height: 220 });
    });
  });
  poll();
})();
