select
    product_line,
    count(*) as order_lines,
    sum(quantity) as units,
    sum(line_amount) as revenue
from {{ ref('fct_order_lines') }}
where product_line is not null
group by product_line
