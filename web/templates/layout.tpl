{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · {{T_SITE_NAME}}</title>
<link rel="stylesheet" href="{{CSS_URL}}">
</head>
<body class="area-{{AREA}}">
<header class="top">
  <a class="brand" href="{{HOME_URL}}">deskd <span>{{T_SITE_NAME}}</span></a>
  <nav>
    {{#PORTAL_NAV}}<a href="/kb">{{T_NAV_KB}}</a>
    <a href="/new-ticket">{{T_NAV_NEW_TICKET}}</a>
    {{#PORTAL_SIGNED_IN}}<a href="/tickets">{{T_NAV_TICKETS}}</a>
    <a href="/account">{{T_NAV_ACCOUNT}}</a>{{/PORTAL_SIGNED_IN}}{{/PORTAL_NAV}}
    {{#AGENT_NAV}}<a href="/agent/tickets">{{T_STAFF_NAV_TICKETS}}</a>
    <a href="/agent/chats">{{T_STAFF_NAV_CHATS}}</a>
    <a href="/agent/search">{{T_STAFF_NAV_SEARCH}}</a>
    <a href="/agent/people">{{T_STAFF_NAV_PEOPLE}}</a>
    <a href="/agent/reports">{{T_STAFF_NAV_REPORTS}}</a>
    <a href="/agent/canned">{{T_DESK_NAV_CANNED}}</a>
    <a href="/agent/kb">{{T_STAFF_NAV_KB}}</a>
    <a href="/agent/comments">{{T_STAFF_NAV_COMMENTS}}</a>
    <a href="/agent/sessions">{{T_STAFF_NAV_SESSIONS}}</a>
    <a href="/agent/account/two-factor">{{T_STAFF_NAV_TWO_FACTOR}}</a>
    {{#ADMIN_LINK}}<a href="/admin/">{{T_STAFF_NAV_ADMIN}}</a>{{/ADMIN_LINK}}{{/AGENT_NAV}}
    {{#SIGNED_OUT}}<a href="/login">{{T_NAV_LOGIN}}</a>{{/SIGNED_OUT}}
    {{#SIGNED_IN}}<span class="who">{{SIGNED_IN_AS}}</span>
    <form class="inline" method="post" action="{{LOGOUT_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="link">{{T_NAV_LOGOUT}}</button></form>{{/SIGNED_IN}}
  </nav>
  <nav class="languages" aria-label="{{T_NAV_LANGUAGE}}">{{#LANGUAGE}}<a href="/change-language?lang={{CODE}}&amp;return_to={{RETURN_TO}}" hreflang="{{CODE}}" lang="{{CODE}}"{{#CURRENT}} aria-current="true"{{/CURRENT}}>{{NAME}}</a>{{/LANGUAGE}}</nav>
</header>
{{#CONSENT}}<section class="consent" aria-label="{{T_ENGAGE_CONSENT_LABEL}}">
<form method="post" action="/cookie-consent">
<input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><input type="hidden" name="return_to" value="{{RETURN_TO}}">
<p>{{T_CONSENT_TEXT}} <a href="/cookies">{{T_NAV_COOKIES}}</a></p>
<button type="submit" name="choice" value="all">{{T_CONSENT_ACCEPT}}</button> <button type="submit" name="choice" value="essential" class="secondary">{{T_CONSENT_ESSENTIAL}}</button>
</form>
</section>{{/CONSENT}}
{{#FLASH}}<p class="flash" role="status">{{FLASH_TEXT}}</p>{{/FLASH}}
<main>
{{>BODY}}
</main>
<footer><a href="/cookies">{{T_NAV_COOKIE_SETTINGS}}</a> · deskd</footer>
{{#MESSENGER}}<script async src="/messenger/loader.js" data-lang="{{LANG}}"{{#HAS_VISITOR}} data-visitor="{{VISITOR}}"{{/HAS_VISITOR}}{{#NO_CONSENT}} data-consent="false"{{/NO_CONSENT}}></script>{{/MESSENGER}}
</body>
</html>
