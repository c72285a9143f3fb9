-- What the incident's fix attempts cost (the agents' model usage, in US dollars), for the page's
-- cost per day; incidents recorded before this column count as 0.
alter table publisher.incident add column cost_usd double precision not null default 0;
