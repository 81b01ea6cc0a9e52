"""Sign-in, password links, the account page and the admin's user management."""
from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.auth import bp, operations, queries, throttle
from jenjang.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    InviteUserForm,
    LanguageForm,
    LoginForm,
    SetPasswordForm,
    UserRolesForm,
)
from jenjang.auth.models import User
from jenjang.auth.passwords import verify_password
from jenjang.auth.permissions import can_manage_users
from jenjang.auth.sessions import end_session, revoke_other_sessions, start_user_session
from jenjang.core import audit, sites
from jenjang.core.resources import handles, load_or_404
from jenjang.core.web import page_number, redirect_next, render
from jenjang.extensions import limiter
from jenjang.notifications.links import send_account_link
from jenjang.tenancy.urls import tenant_url


def tenant_login():
    """The sign-in page of a tenant host (routed from core.login)."""
    if current_user.is_authenticated:
        return redirect_next()
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        login = form.login.data
        account = throttle.account_key(login)  # every spelling of one account shares its counter
        wait = throttle.minutes_until_allowed(account, request.remote_addr)
        if wait:
            error = _("Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.", n=wait)
            status = 429
        else:
            user = operations.authenticate(login, form.password.data)
            if user is None:
                throttle.record_failure(account, request.remote_addr)
                error = _("NIP/email atau kata sandi salah.")
                status = 422
            else:
                throttle.clear_account(account)
                start_user_session(user)
                audit.record("auth.signed_in", user, actor=(user.id, user.email or user.full_name))
                return redirect_next()
    elif request.method == "POST":
        status = 422
    return render("auth/login.html", form=form, error=error, status=status, demo_logins=_demo_logins())


# The demo accounts are people's (people/demo/accounts.py), above auth: the app factory installs them here.
_DEMO: dict[str, Callable] = {}


def use_demo_accounts(*, email_of: Callable, logins_of: Callable) -> None:
    """`email_of(role, tenant)` → the demo account's email; `logins_of(tenant)` → what the sign-in
    page lists."""
    _DEMO.update(email_of=email_of, logins_of=logins_of)


def _demo_logins():
    """The demo accounts, shown on the sign-in page of a demo tenant outside production."""
    if current_app.config["PRODUCTION"] or not _DEMO:
        return None
    if not queries.email_in_use(_DEMO["email_of"]("admin", g.tenant)):
        return None
    return _DEMO["logins_of"](g.tenant)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = operations.find_user_by_login(form.login.data)
        if user is not None and user.is_active and user.email:
            raw = operations.issue_token(user, "reset")
            send_account_link(user, "reset", tenant_url(g.tenant, "auth.reset_password", token=raw))
        # Same answer whether or not the account exists: no account enumeration.
        flash(_("Jika akun itu ada dan memiliki email, tautan untuk mengatur ulang kata sandi "
                "telah dikirim. Tautan berlaku 1 jam."), "info")
        return redirect(url_for("core.login"))
    return render("auth/forgot.html", form=form, status=422 if request.method == "POST" else 200)


def _password_link(purpose: str, token: str, template: str):
    record = operations.valid_token(token, purpose)
    if record is None:
        return render("auth/link_invalid.html", purpose=purpose, status=404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.use_token(record, form.new_password.data)
        flash(_("Kata sandi tersimpan. Silakan masuk."), "success")
        return redirect(url_for("core.login"))
    return render(template, form=form, user=record.user, status=422 if request.method == "POST" else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def reset_password(token):
    return _password_link("reset", token, "auth/reset.html")


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def accept_invite(token):
    return _password_link("invite", token, "auth/invite.html")


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    password_form = ChangePasswordForm(prefix="pw")
    language_form = LanguageForm(prefix="lang", locale=current_user.locale or g.tenant.locale)
    status = 200
    if request.method == "POST" and request.form.get("action") == "password":
        if password_form.validate_on_submit():
            if not verify_password(current_user.password_hash, password_form.current_password.data):
                password_form.current_password.errors.append(_("Kata sandi sekarang salah."))
                status = 422
            else:
                operations.change_password(current_user, password_form.new_password.data)
                flash(_("Kata sandi diganti."), "success")
                return redirect(url_for("auth.account"))
        else:
            status = 422
    elif request.method == "POST" and request.form.get("action") == "language":
        if language_form.validate_on_submit():
            operations.set_locale(current_user, language_form.locale.data)
            flash(_("Bahasa disimpan.", ), "success")
            return redirect(url_for("auth.account"))
        status = 422
    sessions = queries.open_sessions(current_user.id)
    return render("auth/account.html", password_form=password_form, language_form=language_form,
                  sessions=sessions, current_session=g.get("user_session"), status=status)


@bp.route("/account/sessions/others", methods=["POST"])
@login_required
def sign_out_other_sessions():
    revoke_other_sessions(current_user, g.get("user_session"))
    flash(_("Semua sesi lain telah dikeluarkan."), "success")
    return redirect(url_for("auth.account"))


def tenant_logout():
    if current_user.is_authenticated:
        audit.record("auth.signed_out", current_user)
    end_session()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("core.login"))


# --- user management (tenant admin) -------------------------------------------------------

PER_PAGE = 25


@bp.route("/admin/users")
@handles(can_manage_users)
def users():
    q = (request.args.get("q") or "").strip()[:100]
    page = page_number()
    rows, has_next = queries.user_page(q, page, PER_PAGE)
    return render("auth/users.html", block="user_rows", users=rows, q=q, page=page, has_next=has_next)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@handles(can_manage_users)
def invite_user():
    form = InviteUserForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if queries.email_in_use(email):
            form.email.errors.append(_("Email ini sudah dipakai akun lain di wilayah ini."))
        else:
            user = operations.create_user(full_name=form.full_name.data.strip(), email=email,
                                          roles=form.roles.data)
            if form.send_invitation.data:
                raw = operations.issue_token(user, "invite")
                send_account_link(user, "invite", tenant_url(g.tenant, "auth.accept_invite", token=raw))
            flash(_("Akun %(name)s dibuat.", name=user.full_name), "success")
            return redirect(url_for("auth.user_detail", user_id=user.id))
    return render("auth/user_new.html", form=form, status=422 if request.method == "POST" else 200)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@handles(can_manage_users)
def user_detail(user_id):
    user = load_or_404(User, user_id)
    form = UserRolesForm(roles=[r for r in user.roles or [] if r != "employee"])
    if form.validate_on_submit():
        if user.id == current_user.id and "admin" not in form.roles.data:
            flash(_("Anda tidak dapat mencabut peran admin Anda sendiri."), "error")
            return render("auth/user_detail.html", user=user, form=form, status=422)
        operations.set_roles(user, form.roles.data)
        flash(_("Peran disimpan."), "success")
        return redirect(url_for("auth.user_detail", user_id=user.id))
    return render("auth/user_detail.html", user=user, form=form,
                  status=422 if request.method == "POST" else 200)


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@handles(can_manage_users)
def user_set_active(user_id):
    user = load_or_404(User, user_id)
    active = request.form.get("active") == "1"
    if user.id == current_user.id and not active:
        flash(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), "error")
    else:
        operations.set_active(user, active)
        flash(_("Akun diaktifkan.") if active else _("Akun dinonaktifkan; semua sesinya berakhir."), "success")
    return redirect(url_for("auth.user_detail", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/invite", methods=["POST"])
@handles(can_manage_users)
def user_resend_invite(user_id):
    user = load_or_404(User, user_id)
    if not user.email:
        flash(_("Akun ini tidak memiliki email."), "error")
    else:
        raw = operations.issue_token(user, "invite")
        send_account_link(user, "invite", tenant_url(g.tenant, "auth.accept_invite", token=raw))
        flash(_("Undangan dikirim ulang."), "success")
    return redirect(url_for("auth.user_detail", user_id=user.id))


sites.register(sites.TENANT, login=tenant_login, logout=tenant_logout)  # core's /login and /logout (core/sites.py)
