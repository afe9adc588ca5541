{{%AUTOESCAPE context="HTML"}}<section class="hero">
<h1>{{T_SITE_TAGLINE}}</h1>
<form class="search" method="get" action="/search" role="search">
  <input type="search" name="q" placeholder="{{T_SEARCH_PLACEHOLDER}}" aria-label="{{T_SEARCH_PLACEHOLDER}}" maxlength="200">
  <button type="submit">{{T_SEARCH_BUTTON}}</button>
</form>
</section>
{{#LOGGED_OUT}}<p class="flash" role="status">{{T_ACCOUNT_SIGNED_OUT}}</p>{{/LOGGED_OUT}}
<section class="tiles">
  <a class="tile" href="/kb"><h2>{{T_NAV_KB}}</h2></a>
  <a class="tile" href="/new-ticket"><h2>{{T_NAV_NEW_TICKET}}</h2></a>
  <a class="tile" href="/cookies"><h2>{{T_NAV_COOKIES}}</h2></a>
</section>
