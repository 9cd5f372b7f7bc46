/*
 * Plaid Link for FinSync: linking a bank and relinking one (Plaid's "update mode").
 *
 * Markup (no inline script: the CSP forbids it):
 *   <button type="button" data-plaid-link
 *           data-token-url="/connections/plaid/link-token"       POST -> {link_token} | {error}
 *           data-complete-url="/connections/plaid/link-complete" POST -> {redirect} | {error}
 *           data-connection-id="12">                              only when relinking
 *   <div role="alert" data-plaid-error hidden></div>              where errors are shown
 *   {% csrf_token %} somewhere on the page (the cookie is the fallback).
 *
 * Needs Plaid's https://cdn.plaid.com/link/v2/stable/link-initialize.js loaded first.
 */
(function () {
    "use strict";

    var GENERIC_ERROR = "Something went wrong talking to FinSync. Please try again in a moment.";
    var COOKIE_NAMES = ["__Host-csrftoken", "finsync_csrftoken", "csrftoken"];

    function csrfToken() {
        var input = document.querySelector("input[name=csrfmiddlewaretoken]");
        if (input && input.value) {
            return input.value;
        }
        var cookies = document.cookie ? document.cookie.split("; ") : [];
        for (var n = 0; n < COOKIE_NAMES.length; n++) {
            for (var i = 0; i < cookies.length; i++) {
                var eq = cookies[i].indexOf("=");
                if (cookies[i].slice(0, eq) === COOKIE_NAMES[n]) {
                    return decodeURIComponent(cookies[i].slice(eq + 1));
                }
            }
        }
        return "";
    }

    function errorBox(button) {
        var scope = button.closest("[data-plaid-scope]");
        return (scope && scope.querySelector("[data-plaid-error]")) || document.querySelector("[data-plaid-error]");
    }

    function showError(button, message) {
        var box = errorBox(button);
        if (!box) {
            window.alert(message);
            return;
        }
        box.textContent = message;
        box.hidden = false;
        var rect = box.getBoundingClientRect();
        if (rect.top < 0 || rect.bottom > window.innerHeight) {
            box.scrollIntoView({block: "center"});
        }
    }

    function messageOf(error) {
        // A network failure is a TypeError with the browser's own wording: say it in ours.
        if (!error || error instanceof TypeError || !error.message) {
            return GENERIC_ERROR;
        }
        return error.message;
    }

    function clearError(button) {
        var box = errorBox(button);
        if (box) {
            box.hidden = true;
            box.textContent = "";
        }
    }

    // POST a form body; resolve with the JSON answer, which carries {error} itself when FinSync refused.
    function post(url, fields) {
        var body = new URLSearchParams();
        Object.keys(fields).forEach(function (name) {
            if (fields[name] !== undefined && fields[name] !== null && fields[name] !== "") {
                body.append(name, fields[name]);
            }
        });
        return fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: {
                "X-CSRFToken": csrfToken(),
                "X-Requested-With": "XMLHttpRequest",
                "Accept": "application/json",
            },
            body: body,
        }).then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (type.indexOf("application/json") === -1) {
                if (response.status === 403) {
                    throw new Error("Your session has expired. Reload the page and try again.");
                }
                throw new Error(GENERIC_ERROR);
            }
            return response.json().then(function (data) {
                if (!response.ok && !data.error) {
                    throw new Error(GENERIC_ERROR);
                }
                return data;
            });
        });
    }

    function busy(button, isBusy) {
        button.disabled = isBusy;
        if (isBusy) {
            button.setAttribute("aria-busy", "true");
        } else {
            button.removeAttribute("aria-busy");
        }
    }

    function start(button) {
        if (typeof window.Plaid === "undefined" || typeof window.Plaid.create !== "function") {
            showError(button, "Plaid Link did not load. Check your connection (or an ad blocker) and reload the page.");
            return;
        }
        clearError(button);
        busy(button, true);
        var connectionId = button.getAttribute("data-connection-id") || "";

        post(button.getAttribute("data-token-url"), {connection_id: connectionId})
            .then(function (data) {
                if (data.error || !data.link_token) {
                    throw new Error(data.error || GENERIC_ERROR);
                }
                var handler = window.Plaid.create({
                    token: data.link_token,
                    onSuccess: function (publicToken, metadata) {
                        var institution = (metadata && metadata.institution) || {};
                        post(button.getAttribute("data-complete-url"), {
                            public_token: publicToken,
                            institution_id: institution.institution_id || "",
                        })
                            .then(function (answer) {
                                if (answer.redirect) {
                                    window.location.assign(answer.redirect);
                                    return;
                                }
                                throw new Error(answer.error || GENERIC_ERROR);
                            })
                            .catch(function (error) {
                                showError(button, messageOf(error));
                                busy(button, false);
                            });
                    },
                    onExit: function (error) {
                        if (error) {
                            showError(
                                button,
                                error.display_message || error.error_message ||
                                    "Plaid Link closed before your bank was linked. Please try again."
                            );
                        }
                        busy(button, false);
                        if (handler && typeof handler.destroy === "function") {
                            handler.destroy();
                        }
                    },
                });
                handler.open();
            })
            .catch(function (error) {
                showError(button, messageOf(error));
                busy(button, false);
            });
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-plaid-link]");
        if (!button || button.disabled) {
            return;
        }
        event.preventDefault();
        start(button);
    });
})();
