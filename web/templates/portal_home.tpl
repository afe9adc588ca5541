{{%AUTOESCAPE context="HTML"}}<section class="hero">
<h1>{{T_SITE_TAGLINE}}</h1>
<form class="search" method="get" action="{{SEARCH_ACTION}}" role="search">
  <input type="search" name="q" placeholder="{{T_SEARCH_PLACEHOLDER}}" aria-label="{{T_SEARCH_PLACEHOLDER}}" maxlength="200">
  <button type="submit">{{T_SEARCH_BUTTON}}</button>
</form>
</section>
{{#LOGGED_OUT}}<p class="flash" role="status">{{T_ACCOUNT_SIGNED_OUT}}</p>{{/LOGGED_OUT}}
{{#CATEGORY_LIST}}<section class="kb-home-categories">
<h2>{{T_KB_CATEGORIES}}</h2>
<div class="tiles">
{{#CATEGORY}}<a class="tile" href="{{URL}}"><h3>{{TITLE}}</h3>{{#HAS_DESCRIPTION}}<p class="muted">{{DESCRIPTION}}</p>{{/HAS_DESCRIPTION}}</a>
{{/CATEGORY}}</div>
</section>{{/CATEGORY_LIST}}
<div class="kb-home-lists">
{{#POPULAR_LIST}}<section class="kb-popular">
<h2>{{T_KB_POPULAR}}</h2>
<ul class="kb-articles">{{#POPULAR}}<li><a href="{{URL}}">{{TITLE}}</a></li>{{/POPULAR}}</ul>
</section>{{/POPULAR_LIST}}
{{#NEWEST_LIST}}<section class="kb-newest">
<h2>{{T_KB_NEWEST}}</h2>
<ul class="kb-articles">{{#NEWEST}}<li><a href="{{URL}}">{{TITLE}}</a></li>{{/NEWEST}}</ul>
</section>{{/NEWEST_LIST}}
</div>
<section class="tiles">
  <a class="tile" href="{{KB_URL}}"><h2>{{T_NAV_KB}}</h2></a>
  <a class="tile" href="/new-ticket"><h2>{{T_NAV_NEW_TICKET}}</h2></a>
  <a class="tile" href="/cookies"><h2>{{T_NAV_COOKIES}}</h2></a>
</section>
