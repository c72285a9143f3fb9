select
    sku,
    product_name,
    vendor_category
from {{ source('vendor', 'products') }}
