-- The vendor starts selling garden products under a new SKU prefix, GRD.
insert into raw_vendor.products values
    ('GRD-2001', 'Garden hose 25 m', 'garden', now() - interval '2 hours'),
    ('GRD-2002', 'Rake', 'garden', now() - interval '2 hours');
insert into raw_vendor.order_lines
select 900000 + i, 1 + (i * 37) % 1200, case when i % 2 = 0 then 'GRD-2001' else 'GRD-2002' end,
       1 + i % 3, 2499, now() - interval '2 hours'
from generate_series(1, 15) t(i);
