import { Form } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';

/**
 * The state of an add/edit dialog over a table: closed, adding ('new') or editing a row. The
 * dialog's form is mounted afresh for each opening; this fills it with the row being edited
 * (`formOf(null)` for a new one).
 */
export function useEditDialog<Row, Values extends object>(formOf: (row: Row | null) => Values) {
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const current = editing === 'new' ? null : editing;
  useEffect(() => {
    if (editing !== null) form.setFieldsValue(formOf(editing === 'new' ? null : editing) as Parameters<FormInstance<Values>['setFieldsValue']>[0]);
    // formOf is a module-level function in every caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, form]);
  return { open: editing !== null, current, form, add: () => setEditing('new'), edit: (row: Row) => setEditing(row), close: () => setEditing(null) };
}
