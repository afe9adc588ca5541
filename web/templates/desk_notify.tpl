{{%AUTOESCAPE context="HTML"}}<div id="desk-notify" class="desk-notify"{{#OWN_SOCKET}} data-own-socket="1"{{/OWN_SOCKET}} data-open="{{T_DESK_NOTIFY_TOAST_OPEN}}" data-dismiss="{{T_DESK_NOTIFY_TOAST_DISMISS}}"><span class="desk-notify-badge" hidden>0</span><div class="desk-toasts" aria-live="polite"></div></div>
<script src="{{NOTIFY_SCRIPT_URL}}" defer></script>
