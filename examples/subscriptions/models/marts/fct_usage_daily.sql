{{ config(
    materialized='incremental',
    unique_key='usage_key',
    on_schema_change='fail'
) }}

-- Product usage per account, day and event type. Incremental: each run rebuilds the days from the
-- newest day already in the table on.
select
    concat_ws('-', account_id, usage_date, event_type) as usage_key,
    account_id,
    usage_date,
    event_type,
    count(*) as event_count,
    sum(quantity) as quantity
from {{ ref('stg_usage_events') }}
{% if is_incremental() %}
where usage_date >= (select max(usage_date) from {{ this }})
{% endif %}
group by account_id, usage_date, event_type
