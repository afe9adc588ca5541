{{%AUTOESCAPE context="HTML"}}<section class="kb">
<nav class="crumbs" aria-label="{{T_KB_BREADCRUMBS}}"><a href="{{KB_URL}}">{{T_KB_HEADING}}</a>{{#PARENT}} › <a href="{{URL}}">{{TITLE}}</a>{{/PARENT}}</nav>
<h1>{{TITLE}}</h1>
{{#HAS_DESCRIPTION}}<p class="muted">{{DESCRIPTION}}</p>{{/HAS_DESCRIPTION}}
<form class="search" method="get" action="{{SEARCH_ACTION}}" role="search">
  <input type="search" name="q" placeholder="{{T_SEARCH_PLACEHOLDER}}" aria-label="{{T_SEARCH_PLACEHOLDER}}" maxlength="200">
  <button type="submit">{{T_SEARCH_BUTTON}}</button>
</form>
{{#CHILD}}<h2 class="kb-sub"><a href="{{URL}}">{{TITLE}}</a></h2>
{{/CHILD}}
{{#NO_ARTICLES}}<p class="muted">{{T_KB_CATEGORY_EMPTY}}</p>{{/NO_ARTICLES}}
<ul class="kb-articles">
{{#ARTICLE}}<li><a href="{{URL}}" lang="{{CONTENT_LANG}}">{{TITLE}}</a>{{#OTHER_LANG}} <span class="badge">{{CONTENT_LANG}}</span>{{/OTHER_LANG}}</li>
{{/ARTICLE}}</ul>
</section>
