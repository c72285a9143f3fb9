-- Revenue by product line must add up to the revenue of all order lines: a line that lost its
-- product line silently drops out of the merchandising report.
with by_line as (
    select coalesce(sum(revenue), 0) as revenue from {{ ref('mart_revenue_by_product_line') }}
),

all_lines as (
    select coalesce(sum(line_amount), 0) as revenue from {{ ref('fct_order_lines') }}
)

select by_line.revenue as product_line_revenue, all_lines.revenue as total_revenue
from by_line cross join all_lines
where abs(by_line.revenue - all_lines.revenue) > 0.005
