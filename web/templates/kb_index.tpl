{{%AUTOESCAPE context="HTML"}}<section class="kb">
<h1>{{T_KB_HEADING}}</h1>
<form class="search" method="get" action="{{SEARCH_ACTION}}" role="search">
  <input type="search" name="q" placeholder="{{T_SEARCH_PLACEHOLDER}}" aria-label="{{T_SEARCH_PLACEHOLDER}}" maxlength="200">
  <button type="submit">{{T_SEARCH_BUTTON}}</button>
</form>
{{#EMPTY}}<p class="muted">{{T_KB_EMPTY}}</p>{{/EMPTY}}
{{#CATEGORY}}<section class="kb-category depth-{{DEPTH}}"{{#CONTENT_LANG}} lang="{{CONTENT_LANG}}"{{/CONTENT_LANG}}>
<h2><a href="{{URL}}">{{TITLE}}</a></h2>
{{#HAS_DESCRIPTION}}<p class="muted">{{DESCRIPTION}}</p>{{/HAS_DESCRIPTION}}
{{#NO_ARTICLES}}<p class="muted">{{T_KB_CATEGORY_EMPTY}}</p>{{/NO_ARTICLES}}
<ul class="kb-articles">
{{#ARTICLE}}<li><a href="{{URL}}" lang="{{CONTENT_LANG}}">{{TITLE}}</a>{{#OTHER_LANG}} <span class="badge">{{CONTENT_LANG}}</span>{{/OTHER_LANG}}</li>
{{/ARTICLE}}</ul>
</section>
{{/CATEGORY}}
</section>
