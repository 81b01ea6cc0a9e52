"""The inbox and bell, the user's email preferences, and the tenant admin's template editor and
failed-message list."""
from __future__ import annotations

from flask import abort, flash, g, make_response, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render
from jenjang.notifications import bp, kinds, operations, queries, rendering
from jenjang.notifications.forms import CsrfOnlyForm, TemplateForm
from jenjang.notifications.models import Notification
from jenjang.notifications.permissions import (
    can_handle_failed_notifications,
    can_manage_notification_templates,
    can_read_inbox,
)
from jenjang.tenancy.models import LOCALES

registry.add_nav(NavItem("notifications.templates", _l("Notifikasi"), can_manage_notification_templates,
                         order=915, match_prefix="/admin/notifications"))

PER_PAGE = 25
CHANGED = "notifications-changed"  # the bell listens for this event and refreshes its count


# One's own notifications, and only those shown in the inbox: anyone else's is not found (404).
_own_notification = Load(Notification, "notification_id", where=lambda: queries.in_inbox_of(current_user.id))
_failed_notification = Load(Notification, "notification_id", where=lambda: Notification.status == "failed")


# --- the inbox and the bell -------------------------------------------------------------------

@bp.route("/inbox")
@handles(can_read_inbox)
def inbox():
    page = page_number()
    items, has_next = queries.inbox_page(current_user.id, page, PER_PAGE, g.tenant, str(get_locale()))
    return render("notifications/inbox.html", block="inbox_rows", items=items, page=page, has_next=has_next,
                  unread=queries.unread_count(current_user.id))


@bp.route("/inbox/unread")
def unread_count():
    """The bell's number, polled by htmx. A signed-out poll gets nothing to swap, not a login page."""
    if not can_read_inbox(current_user):
        return "", 204
    if not request.htmx:
        return redirect(url_for("notifications.inbox"))
    body, status = render("notifications/inbox.html", block="bell_count", count=queries.unread_count(current_user.id))
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/inbox/<int:notification_id>/read", methods=["POST"])
@handles(can_read_inbox, notification=_own_notification)
def mark_read(notification):
    operations.mark_read(notification)
    if not request.htmx:
        return redirect(url_for("notifications.inbox", page=request.args.get("page", type=int)))
    item = queries.inbox_item(notification, g.tenant, str(get_locale()))
    body, status = render("notifications/inbox.html", block="inbox_item", item=item)
    response = make_response(body, status)
    response.headers["HX-Trigger"] = CHANGED
    return response


@bp.route("/inbox/read-all", methods=["POST"])
@handles(can_read_inbox)
def mark_all_read():
    n = operations.mark_all_read(current_user.id)
    flash(_("%(n)s notifikasi ditandai sudah dibaca.", n=n), "success")
    return redirect(url_for("notifications.inbox"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@handles(can_read_inbox)
def preferences():
    form = CsrfOnlyForm()
    choosable = kinds.user_choosable()
    if form.validate_on_submit():
        operations.set_email_preferences(
            current_user.id, {k.name: request.form.get(f"email-{k.name}") == "1" for k in choosable})
        flash(_("Preferensi notifikasi disimpan."), "success")
        return redirect(url_for("notifications.preferences"))
    return render("notifications/preferences.html", form=form, kinds=choosable,
                  prefs=queries.preferences(current_user.id),
                  status=422 if request.method == "POST" else 200)


# --- tenant admin: templates ------------------------------------------------------------------

def _kind_or_404(kind: str, locale: str) -> kinds.Kind:
    spec = kinds.get(kind)
    if spec is None or not spec.email or locale not in LOCALES:
        abort(404)
    return spec


@bp.route("/admin/notifications/templates")
@handles(can_manage_notification_templates)
def templates():
    editable = sorted((k for k in kinds.KINDS.values() if k.email), key=lambda k: k.name)
    return render("notifications/templates.html", kinds=editable, locales=LOCALES, own=queries.overridden(),
                  failed=queries.failed_count())


def _preview(spec: kinds.Kind, subject: str, body: str) -> dict:
    sample = rendering.sample_context(spec, g.tenant)
    for field, source in (("subject", subject), ("body", body)):
        try:
            rendering.check(source or "", sample)
        except rendering.TemplateProblem as problem:
            return {"error": str(problem), "field": field}
    rendered_subject, rendered_body = rendering.render(subject or "", body or "", sample)
    return {"subject": rendered_subject, "body": rendered_body}


@bp.route("/admin/notifications/templates/<kind>/<locale>", methods=["GET", "POST"])
@handles(can_manage_notification_templates)
def template_edit(kind, locale):
    spec = _kind_or_404(kind, locale)
    subject, body, own = queries.template_in_force(kind, locale)
    form = TemplateForm(data=None if request.method == "POST" else {"subject": subject, "body": body})
    if form.validate_on_submit():
        with attempt(rendering.TemplateProblem) as outcome:
            operations.save_template(kind, locale, form.subject.data, form.body.data,
                                     sample=rendering.sample_context(spec, g.tenant), user_id=current_user.id)
        if not outcome.ok:
            getattr(form, outcome.exception.field).errors.append(outcome.error)
        else:
            flash(_("Templat disimpan. Pesan berikutnya memakai templat ini."), "success")
            return redirect(url_for("notifications.template_edit", kind=kind, locale=locale))
    return render("notifications/template_edit.html", spec=spec, locale=locale, form=form, own=own,
                  variables=rendering.variables(spec), preview=_preview(spec, form.subject.data, form.body.data),
                  status=422 if request.method == "POST" else 200)


@bp.route("/admin/notifications/templates/<kind>/<locale>/preview", methods=["POST"])
@handles(can_manage_notification_templates)
def template_preview(kind, locale):
    spec = _kind_or_404(kind, locale)
    form = TemplateForm()
    return render("notifications/template_edit.html", block="preview",
                  preview=_preview(spec, form.subject.data, form.body.data))


@bp.route("/admin/notifications/templates/<kind>/<locale>/reset", methods=["POST"])
@handles(can_manage_notification_templates)
def template_reset(kind, locale):
    _kind_or_404(kind, locale)
    if operations.reset_template(kind, locale):
        flash(_("Templat dikembalikan ke bawaan."), "success")
    return redirect(url_for("notifications.template_edit", kind=kind, locale=locale))


# --- tenant admin: messages that failed -----------------------------------------------------

@bp.route("/admin/notifications/failed")
@handles(can_handle_failed_notifications)
def failed():
    page = page_number()
    rows, has_next = queries.failed_page(page, PER_PAGE)
    return render("notifications/failed.html", block="failed_rows", rows=rows, page=page, has_next=has_next,
                  kinds=kinds.KINDS)


@bp.route("/admin/notifications/failed/<int:notification_id>/retry", methods=["POST"])
@handles(can_handle_failed_notifications, notification=_failed_notification)
def retry(notification):
    operations.retry_failed([notification])
    flash(_("Pesan dijadwalkan untuk dikirim ulang."), "success")
    return redirect(url_for("notifications.failed"))


@bp.route("/admin/notifications/failed/retry-all", methods=["POST"])
@handles(can_handle_failed_notifications)
def retry_all():
    n = operations.retry_failed(queries.failed_to_retry(5000))
    flash(_("%(n)s pesan dijadwalkan untuk dikirim ulang.", n=n), "success")
    return redirect(url_for("notifications.failed"))
