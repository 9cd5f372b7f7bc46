"""Connections: link (Plaid Link or the Demo Bank), sync now, relink, disconnect and restore; Plaid's webhook."""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from banking import selectors, services
from banking.models import Connection, SyncRun
from banking.providers import plaid_configured, provider_for
from banking.providers.base import ProviderError, TransientError
from banking.providers.demo import DemoBank
from banking.webhook_verification import WebhookRejected, verify_plaid_webhook
from banking.webhooks import plaid_webhook_apply
from transactions.selectors import transactions_latest

logger = logging.getLogger(__name__)

SYNC_NOW_EVERY_SECONDS = 60  # per connection
SYNC_NOW_PER_HOUR = 20  # per person, across their connections
WEBHOOK_KEY_CACHE_SECONDS = 24 * 60 * 60
# Plaid Link must be loaded from Plaid's CDN and runs in its iframe; only the pages that open it allow that.
PLAID_LINK_CSP = (
    "default-src 'self'; script-src 'self' https://cdn.plaid.com; frame-src https://cdn.plaid.com; "
    "connect-src 'self' https://*.plaid.com; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def _with_plaid_link(response: HttpResponse) -> HttpResponse:
    if plaid_configured():
        response.headers["Content-Security-Policy"] = PLAID_LINK_CSP
    return response


def connection_list(request: HttpRequest) -> HttpResponse:
    context = {
        "connections": selectors.connections_with_accounts(user=request.user),
        "disconnected": selectors.connections_with_accounts(user=request.user, disconnected=True),
        "demo_institutions": DemoBank.INSTITUTIONS,
        "plaid_enabled": plaid_configured(),
        "purge_after_days": settings.FINSYNC_PURGE_AFTER_DAYS,
    }
    return _with_plaid_link(render(request, "banking/connection_list.html", context))


def connection_detail(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = selectors.connection_get(user=request.user, connection_id=connection_id)
    last_run = selectors.sync_run_latest(connection=connection)
    context = {
        "connection": connection,
        "accounts": selectors.accounts_visible(connection=connection),
        "runs": selectors.sync_runs_recent(connection=connection),
        "latest_transactions": transactions_latest(user=request.user, connection_id=connection.pk),
        "importing": selectors.connection_is_importing(connection=connection, last_run=last_run),
        "plaid_enabled": plaid_configured(),
    }
    return _with_plaid_link(render(request, "banking/connection_detail.html", context))


def connection_progress(request: HttpRequest, connection_id: int) -> JsonResponse:
    """Polled by the connection page while the first import runs."""
    connection = selectors.connection_get(user=request.user, connection_id=connection_id)
    last_run = selectors.sync_run_latest(connection=connection)
    return JsonResponse(
        {
            "importing": selectors.connection_is_importing(connection=connection, last_run=last_run),
            "status": connection.get_status_display(),
            "added": last_run.added if last_run else 0,
        }
    )


@require_POST
def demo_link(request: HttpRequest) -> HttpResponse:
    try:
        connection = services.connection_link_demo(
            user=request.user, institution_id=request.POST.get("institution_id", "")
        )
    except services.AlreadyLinked as already:
        messages.info(request, "You already linked this bank. Relink it here if it stopped syncing.")
        return redirect("connection_detail", already.connection.pk)
    except ProviderError as error:
        messages.error(request, error.message)
        return redirect("connection_list")
    messages.success(request, f"{connection.institution} is linked.")
    return redirect("connection_detail", connection.pk)


def _link_failed(error: ProviderError) -> JsonResponse:
    """Linking happens while the person waits: nothing retries for them, so say so plainly."""
    if isinstance(error, TransientError):
        message = "Plaid is not answering right now. Please try linking again in a few minutes."
    else:
        message = error.message
    return JsonResponse({"error": message}, status=502)


@require_POST
def plaid_link_token(request: HttpRequest) -> JsonResponse:
    """A fresh Link token; for a connection id, one for Plaid's update mode (relink)."""
    access_token, account_selection = None, False
    if connection_id := request.POST.get("connection_id"):
        if not connection_id.isdigit():
            raise Http404("No such connection")
        connection = selectors.connection_get(user=request.user, connection_id=int(connection_id))
        access_token, account_selection = connection.access_token, connection.new_accounts_available
    try:
        token = provider_for("plaid").create_link_token(
            user_id=str(request.user.pk), access_token=access_token, account_selection=account_selection
        )
    except ProviderError as error:
        return _link_failed(error)
    return JsonResponse({"link_token": token})


@require_POST
def plaid_link_complete(request: HttpRequest) -> JsonResponse:
    """Link succeeded in the browser: exchange the public token at once and store the login."""
    institution_id = request.POST.get("institution_id", "")
    if existing := services.connection_existing(user=request.user, provider="plaid", institution_id=institution_id):
        messages.info(request, "You already linked this bank. Relink it here if it stopped syncing.")
        return JsonResponse({"redirect": reverse("connection_detail", args=[existing.pk])})
    try:
        link = provider_for("plaid").exchange_public_token(public_token=request.POST.get("public_token", ""))
        connection = services.connection_create(user=request.user, provider="plaid", link=link)
    except services.AlreadyLinked as already:
        return JsonResponse({"redirect": reverse("connection_detail", args=[already.connection.pk])})
    except ProviderError as error:
        return _link_failed(error)
    messages.success(request, f"{connection.institution} is linked.")
    return JsonResponse({"redirect": reverse("connection_detail", args=[connection.pk])})


@require_POST
def connection_relink(request: HttpRequest, connection_id: int) -> HttpResponse:
    """After Plaid's update mode succeeded (or, for the Demo Bank, at once): healthy again, sync now."""
    connection = selectors.connection_get(user=request.user, connection_id=connection_id)
    services.connection_relinked(connection=connection)
    messages.success(request, "Relinked. Syncing now.")
    url = reverse("connection_detail", args=[connection.pk])
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"redirect": url})
    return redirect(url)


def _sync_nows_this_hour(user_id: int) -> int:
    key = f"sync-now-user:{user_id}"
    cache.add(key, 0, 60 * 60)
    return cache.incr(key)


@require_POST
def connection_sync_now(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = selectors.connection_get(user=request.user, connection_id=connection_id)
    if connection.status in (Connection.Status.NEEDS_RELINK, Connection.Status.REVOKED):
        messages.error(request, "Relink this connection first: your bank needs you to sign in again.")
    elif not cache.add(f"sync-now:{connection.pk}", True, SYNC_NOW_EVERY_SECONDS):
        messages.info(request, "This connection synced a moment ago. Try again in a minute.")
    elif _sync_nows_this_hour(request.user.pk) > SYNC_NOW_PER_HOUR:
        messages.info(request, "You asked for many syncs this hour. FinSync also syncs by itself every night.")
    else:
        services.connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.MANUAL)
        messages.success(request, "Syncing now. New transactions appear here in a moment.")
    return redirect("connection_detail", connection.pk)


def connection_disconnect(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = selectors.connection_get(user=request.user, connection_id=connection_id)
    if request.method != "POST":
        context = {"connection": connection, "purge_after_days": settings.FINSYNC_PURGE_AFTER_DAYS}
        return render(request, "banking/connection_disconnect.html", context)
    try:
        services.connection_disconnect(connection=connection)
    except ProviderError as error:
        messages.error(request, f"Could not disconnect: {error.message}")
        return redirect("connection_detail", connection.pk)
    messages.success(
        request,
        f"{connection.institution} is disconnected. Its data is hidden and will be deleted in "
        f"{settings.FINSYNC_PURGE_AFTER_DAYS} days unless you restore it.",
    )
    return redirect("connection_list")


@require_POST
def connection_restore(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = selectors.connection_get(user=request.user, connection_id=connection_id, disconnected=True)
    try:
        services.connection_restore(connection=connection)
    except services.AlreadyLinked as already:
        messages.error(request, "You linked this bank again since; that connection is the one in use.")
        return redirect("connection_detail", already.connection.pk)
    except ProviderError as error:
        messages.error(request, error.message)
        return redirect("connection_list")
    messages.success(request, "Restored. It syncs again tonight, or now with Sync now.")
    return redirect("connection_detail", connection.pk)


@csrf_exempt
@login_not_required
@require_POST
def plaid_webhook(request: HttpRequest) -> HttpResponse:
    """Plaid's webhooks: accepted only with a valid Plaid-Verification signature over this exact body."""

    def key(key_id: str) -> dict:
        cache_key = f"plaid-webhook-key:{key_id}"
        jwk = cache.get(cache_key)
        if jwk is None:
            jwk = provider_for("plaid").webhook_verification_key(key_id=key_id)
            cache.set(cache_key, jwk, WEBHOOK_KEY_CACHE_SECONDS)
        return jwk

    try:
        verify_plaid_webhook(body=request.body, signed_jwt=request.headers.get("Plaid-Verification"), get_key=key)
        payload = json.loads(request.body)
    except (WebhookRejected, ValueError) as rejected:
        logger.warning("Rejected a Plaid webhook from %s: %s", request.META.get("REMOTE_ADDR"), rejected)
        return HttpResponse("rejected", status=401, content_type="text/plain")
    except ProviderError as error:
        logger.warning("Could not fetch Plaid's webhook key: %s", error.code)
        return HttpResponse("try again", status=503, content_type="text/plain")
    plaid_webhook_apply(payload=payload)
    return HttpResponse("ok", content_type="text/plain")
