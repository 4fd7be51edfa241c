#!/bin/bash
# deb post-install for MCP Desk: electron-builder's default script (app link, chrome-sandbox mode,
# desktop and MIME databases, AppArmor profile) plus the mcpdesk CLI on the PATH. A custom
# afterInstall replaces the default one, so the default steps are repeated here.
# electron-builder fills in ${executable} and ${sanitizedProductName}; any other dollar-brace
# expression would be taken for one of its macros and fail the build, so the shell variables
# below are written without braces.

app_dir='/opt/${sanitizedProductName}'

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous links if they don't use update-alternatives
    for name in '${executable}' mcpdesk; do
        if [ -L "/usr/bin/$name" -a -e "/usr/bin/$name" -a "`readlink "/usr/bin/$name"`" != "/etc/alternatives/$name" ]; then
            rm -f "/usr/bin/$name"
        fi
    done
    update-alternatives --install '/usr/bin/${executable}' '${executable}' "$app_dir/${executable}" 100 || ln -sf "$app_dir/${executable}" '/usr/bin/${executable}'
    update-alternatives --install /usr/bin/mcpdesk mcpdesk "$app_dir/resources/bin/mcpdesk" 100 || ln -sf "$app_dir/resources/bin/mcpdesk" /usr/bin/mcpdesk
else
    ln -sf "$app_dir/${executable}" '/usr/bin/${executable}'
    ln -sf "$app_dir/resources/bin/mcpdesk" /usr/bin/mcpdesk
fi
# The wrapper is copied as an extra resource; make sure it stays executable whatever the copy did.
chmod 0755 "$app_dir/resources/bin/mcpdesk" || true

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 "$app_dir/chrome-sandbox" || true
else
    chmod 0755 "$app_dir/chrome-sandbox" || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# AppArmor profile (Ubuntu 24+ restricts unprivileged user namespaces, which Chromium's sandbox
# needs); skipped where the installed AppArmor cannot parse the bundled profile.
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$app_dir/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi
