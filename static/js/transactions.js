/*
 * The Transactions pages, a little nicer with JavaScript (everything works without it):
 *
 * - The list's bulk form: a "tick all on this page" box in the table heading (hidden without JS) and a
 *   count of the ticked rows.
 *     <form data-bulk-form> … <input type="checkbox" data-bulk-all hidden> … <p data-bulk-count>
 *     … <input type="checkbox" name="ids" data-bulk-pick> per row
 * - The manual transaction form: the new account's name and currency only while "A new account…" is chosen.
 *     <div data-new-account data-account-select="id_account"> … </div>
 * - The split editor: what is left to assign, updated while typing.
 *     <form data-split-form data-split-whole="45.00" data-split-currency="USD">
 *       … <input name="lines-N-amount"> per row … <p data-split-remaining>
 */
(function () {
    "use strict";

    function bulk(form) {
        var all = form.querySelector("[data-bulk-all]");
        var count = form.querySelector("[data-bulk-count]");
        var picks = Array.prototype.slice.call(form.querySelectorAll("[data-bulk-pick]"));
        var idle = count ? count.textContent : "";

        function update() {
            var ticked = picks.filter(function (box) { return box.checked; }).length;
            if (count) {
                count.textContent = ticked === 0 ? idle
                    : ticked + (ticked === 1 ? " transaction ticked." : " transactions ticked.");
            }
            if (all) {
                all.checked = ticked > 0 && ticked === picks.length;
                all.indeterminate = ticked > 0 && ticked < picks.length;
            }
        }

        if (all) {
            all.hidden = false;
            all.addEventListener("change", function () {
                picks.forEach(function (box) { box.checked = all.checked; });
                update();
            });
        }
        picks.forEach(function (box) { box.addEventListener("change", update); });
        update();
    }

    // Amounts in cents, so that 0.1 + 0.2 is 0.30 exactly.
    function cents(text) {
        var value = String(text || "").replace(/,/g, "").trim();
        if (!/^\d*(\.\d{0,2})?$/.test(value) || value === "" || value === ".") {
            return 0;
        }
        var parts = value.split(".");
        return parseInt(parts[0] || "0", 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
    }

    function money(amountInCents, currency) {
        var whole = Math.floor(amountInCents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
        var part = ("0" + (amountInCents % 100)).slice(-2);
        return whole + "." + part + "\u00a0" + currency;
    }

    function split(form) {
        var whole = cents(form.getAttribute("data-split-whole"));
        var currency = form.getAttribute("data-split-currency") || "";
        var out = form.querySelector("[data-split-remaining]");
        if (!out) {
            return;
        }

        function update() {
            var total = 0;
            form.querySelectorAll("input[name$='-amount']").forEach(function (input) {
                total += cents(input.value);
            });
            var left = whole - total;
            if (left === 0) {
                out.textContent = "The parts add up to the whole amount.";
            } else if (left > 0) {
                out.textContent = "Left to assign: " + money(left, currency) + ".";
            } else {
                out.textContent = "Too much by " + money(-left, currency) + ".";
            }
            out.classList.toggle("txn-split__remaining--off", left !== 0);
        }

        form.addEventListener("input", update);
        update();
    }

    function newAccount(fields) {
        var select = document.getElementById(fields.getAttribute("data-account-select"));
        if (!select) {
            return;
        }
        function update() {
            fields.hidden = select.value !== "";
        }
        select.addEventListener("change", update);
        update();
    }

    document.querySelectorAll("[data-bulk-form]").forEach(bulk);
    document.querySelectorAll("[data-new-account]").forEach(newAccount);
    document.querySelectorAll("[data-split-form]").forEach(split);
})();
