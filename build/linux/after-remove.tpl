#!/bin/bash
# deb post-remove for MCP Desk: electron-builder's default script plus removing the mcpdesk CLI link
# that after-install.tpl made. Only ${executable} and ${sanitizedProductName} may appear in
# dollar-brace form: electron-builder substitutes them and rejects any other.

app_dir='/opt/${sanitizedProductName}'

# update-alternatives --remove takes the registered target, not the /usr/bin link.
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' "$app_dir/${executable}"
    update-alternatives --remove mcpdesk "$app_dir/resources/bin/mcpdesk"
else
    rm -f '/usr/bin/${executable}'
    rm -f /usr/bin/mcpdesk
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Unload the profile before deleting it, so the policy is not left enforced until the next reboot.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
