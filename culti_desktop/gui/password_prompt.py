"""Ask for a team server's password when libpq and the keyring have none (ADR 0107).

The dialog is the GUI's *password provider* for ``open_project``/``create_project``: the core
calls it only after ``~/.pgpass``, ``PGPASSWORD`` and the system keyring gave no password the
server accepts, and again (saying why) after a wrong one. With "remember" ticked the core puts
the password in the system keyring once the server accepted it; it never reaches QSettings or
the recent-projects list, which keep the URL without a password.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.storage.credentials import Credential, PasswordProvider, PasswordRequest


class PasswordDialog(QDialog):
    """One password field, a "remember in the system keyring" box, and the reason a previous try failed."""

    def __init__(self, parent: QWidget | None, request: PasswordRequest) -> None:
        super().__init__(parent)
        self.setObjectName("teamPasswordDialog")
        self.setWindowTitle(self.tr("Server password"))
        layout = QVBoxLayout(self)
        who = QLabel(self.tr("Password for {who}:").replace("{who}", request.key.shown()), self)
        who.setWordWrap(True)
        layout.addWidget(who)
        self.error = QLabel(self)
        self.error.setObjectName("teamPasswordError")
        self.error.setWordWrap(True)
        if request.error:
            self.error.setText(self.tr("The server refused the password; try again."))
            self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(request.error))
        layout.addWidget(self.error)
        self.password = QLineEdit(self)
        self.password.setObjectName("teamPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.remember = QCheckBox(self.tr("Remember in the system keyring"), self)
        self.remember.setObjectName("teamRemember")
        layout.addWidget(self.remember)
        hint = QLabel(self.tr("CulTi Desktop never saves the password in its settings."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, 180)

    def credential(self) -> Credential | None:
        text = self.password.text()
        return Credential(text, self.remember.isChecked()) if text else None


def dialog_provider(parent: QWidget | None) -> PasswordProvider:
    """A provider that asks with :class:`PasswordDialog` (on the GUI thread); Cancel gives up."""

    def ask(request: PasswordRequest) -> Credential | None:
        dialog = PasswordDialog(parent, request)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.credential()
        finally:
            dialog.password.clear()
            dialog.deleteLater()

    return ask
