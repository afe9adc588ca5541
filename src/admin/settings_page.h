#pragma once
// GET/POST /admin/settings: one form with every helpdesk setting. A valid
// submit stores the changed values, reloads the SettingsHub (effective from the
// next request, no restart) and audits setting_changed per key; an invalid one
// re-renders what was typed with the error beside each bad field (400).
#include "pipeline/app.h"

namespace deskd::admin {

void register_settings(pipeline::App& app);

}  // namespace deskd::admin
