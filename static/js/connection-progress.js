/*
 * The connection page's import progress: polls the progress URL and reloads the page when the import is done.
 *
 * Markup (no inline script: the CSP forbids it):
 *   <section data-connection-progress data-progress-url="/connections/12/progress" data-interval="1500">
 *     <span data-progress-count>0</span>          the number of transactions imported so far
 *     <span data-progress-status></span>          optional: the connection's status in words
 *     <span data-progress-auto hidden>…</span>    "this page updates by itself": shown while polling
 *     <p data-progress-refresh>…Refresh…</p>      hidden while polling works, shown again if it fails
 *   </section>
 * The progress URL answers {"importing": bool, "status": str, "added": int}.
 */
(function () {
    "use strict";

    var MAX_FAILURES = 5;

    function watch(panel) {
        var url = panel.getAttribute("data-progress-url");
        var interval = parseInt(panel.getAttribute("data-interval"), 10) || 1500;
        var count = panel.querySelector("[data-progress-count]");
        var status = panel.querySelector("[data-progress-status]");
        var refresh = panel.querySelector("[data-progress-refresh]");
        var auto = panel.querySelector("[data-progress-auto]");
        var failures = 0;
        var format = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat("en-US") : null;

        if (!url) {
            return;
        }
        if (refresh) {
            refresh.hidden = true;
        }
        if (auto) {
            auto.hidden = false;
        }
        panel.setAttribute("aria-busy", "true");

        function schedule() {
            window.setTimeout(poll, interval);
        }

        function poll() {
            if (document.hidden) {
                // Not on screen: check again later instead of polling a tab nobody looks at.
                schedule();
                return;
            }
            fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}, cache: "no-store"})
                .then(function (response) {
                    if (response.redirected || !response.ok) {
                        throw new Error("HTTP " + response.status);
                    }
                    return response.json();
                })
                .then(function (data) {
                    failures = 0;
                    if (count && typeof data.added === "number") {
                        count.textContent = format ? format.format(data.added) : String(data.added);
                    }
                    if (status && data.status) {
                        status.textContent = data.status;
                    }
                    if (data.importing === false) {
                        panel.removeAttribute("aria-busy");
                        window.location.reload();
                        return;
                    }
                    schedule();
                })
                .catch(function () {
                    failures += 1;
                    if (refresh) {
                        refresh.hidden = false;
                    }
                    if (auto && failures >= MAX_FAILURES) {
                        auto.hidden = true;
                    }
                    if (failures < MAX_FAILURES) {
                        schedule();
                    } else {
                        panel.removeAttribute("aria-busy");
                    }
                });
        }

        schedule();
    }

    function init() {
        var panels = document.querySelectorAll("[data-connection-progress]");
        for (var i = 0; i < panels.length; i++) {
            watch(panels[i]);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
