import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title, with the page's own actions (add, create…) at the right when it has any. */
export function PageHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  const heading = (
    <Typography.Title level={3} style={{ margin: 0 }}>
      {title}
    </Typography.Title>
  );
  if (actions === undefined) return heading;
  return (
    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
      {heading}
      {actions}
    </Space>
  );
}
