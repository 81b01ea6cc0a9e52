"""External training: training an employee followed outside the catalogue (a LAN course, a
university seminar), submitted with its certificate and verified by HR before its JP reach the
ledger.

May import: the training root (models, permissions), training.ledger (to credit and revoke), people's
public API, auth (who is HR), core, storage, notifications' API. Not the other training sub-packages.
"""
