//! Starting a query plan: the operation, its parameters and the page size
//! checked, or a saved state resumed.

use super::*;

impl QueryPlan {
    /// A plan for a registered query operation. The parameters are
    /// validated against the operation's schema (every problem in one
    /// [`Error::Validation`]); a windowed operation needs both bounds, in
    /// any form [`BeijingDateTime::from_json`] reads. `page_no`, if given,
    /// must be the first page: the plan numbers the pages.
    pub fn new(op_name: &str, params: Value, options: &QueryOptions) -> Result<QueryPlan, Error> {
        QueryPlan::for_operation(operation(op_name)?, params, options)
    }

    /// [`QueryPlan::new`] with the parameters read from any [`Input`] (a
    /// host's own values, JSON text): problems the host found in them are
    /// reported together with the core's own findings.
    pub fn from_input<I: Input>(op_name: &str, mut params: I, options: &QueryOptions) -> Result<QueryPlan, I::Error> {
        let op = operation(op_name)?;
        let (params, host_errors) = crate::walk::read_whole(&mut params)?;
        Ok(QueryPlan::with_host_errors(op, params, host_errors, options)?)
    }

    fn with_host_errors(op: &'static Operation, params: Value, host_errors: Vec<ErrorRecord>, options: &QueryOptions) -> Result<QueryPlan, Error> {
        match (QueryPlan::for_operation(op, params, options), host_errors.is_empty()) {
            (result, true) => result,
            (Ok(_), false) => Err(ValidationErrors { op: op.name.to_owned(), errors: host_errors }.into()),
            (Err(Error::Validation(v)), false) => {
                Err(ValidationErrors { op: v.op, errors: crate::walk::merge_host_errors(v.errors, host_errors) }.into())
            }
            (Err(other), false) => Err(other),
        }
    }

    /// [`QueryPlan::new`] for an operation given directly (for operations
    /// defined outside the registry).
    pub fn for_operation(op: &'static Operation, params: Value, options: &QueryOptions) -> Result<QueryPlan, Error> {
        let paging = check_operation(op)?;
        let paged = op.item.field(PAGE_NO).is_some();
        let Value::Object(mut params) = params else {
            let rec = ErrorRecord::new(ErrorType::DictType, Vec::new(), params);
            return Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into());
        };

        // Window bounds: converted to Beijing wall-clock text before the
        // schema sees them.
        let mut own = Vec::new();
        let mut bounds = [None, None];
        if let Some(w) = &paging.window {
            for (slot, key) in [w.start, w.end].into_iter().enumerate() {
                match params.get(key) {
                    None | Some(Value::Null) => own.push(ErrorRecord::new(ErrorType::Missing, vec![key.into()], Value::Null)),
                    Some(v) => match BeijingDateTime::from_json(v) {
                        Some(t) => {
                            bounds[slot] = Some(t);
                            params.insert(key.to_owned(), Value::String(t.to_wire()));
                        }
                        None => own.push(
                            ErrorRecord::new(ErrorType::DatetimeParsing, vec![key.into()], v.clone()).with("format", TIME_FORMATS),
                        ),
                    },
                }
            }
            if let [Some(s), Some(e)] = bounds {
                if s > e {
                    let mut input = Map::new();
                    input.insert(w.start.to_owned(), Value::String(s.to_wire()));
                    input.insert(w.end.to_owned(), Value::String(e.to_wire()));
                    own.push(ErrorRecord::new(ErrorType::TimeRange, Vec::new(), Value::Object(input)));
                }
            }
        }
        let params_value = Value::Object(params);
        let mut checker = Checker::new(&[], options.strict);
        checker.check_object(op.item, &params_value);
        // The window's own findings first; the schema's findings about the
        // same fields are dropped (they describe the raw value).
        let covered: Vec<Vec<LocItem>> = own.iter().map(|e| e.loc.clone()).filter(|l| !l.is_empty()).collect();
        let mut errors = own;
        errors.extend(checker.errors.into_iter().filter(|e| !covered.iter().any(|l| e.loc.starts_with(l))));
        if !errors.is_empty() {
            return Err(ValidationErrors { op: op.name.to_owned(), errors }.into());
        }
        let Value::Object(mut params) = params_value else {
            return Err(Error::invalid_argument("parameters should be an object", "参数应为对象"));
        };

        // Paging parameters belong to the plan.
        if let Some(v) = params.shift_remove(PAGE_NO).filter(|v| !v.is_null()) {
            if int_field(Some(&v)) != Some(i64::from(paging.first_page)) || !paged {
                return Err(Error::invalid_argument(
                    format!("page_no is set by the query plan (pages start at {}); resume a saved state to continue a run", paging.first_page),
                    format!("page_no由查询计划设置（从{}开始）；续传请使用保存的状态", paging.first_page),
                ));
            }
        }
        let param_size = params.shift_remove(PAGE_SIZE).filter(|v| !v.is_null()).map(|v| (int_field(Some(&v)), v));
        let page_size = resolve_page_size(op, paging, paged, options.page_size, param_size)?;

        let windows = match (&paging.window, bounds) {
            (Some(w), [Some(s), Some(e)]) => {
                let max = i64::from(w.max_days) * SECS_PER_DAY;
                let secs = match options.max_window_secs {
                    None => max,
                    Some(n) if (1..=max).contains(&n) => n,
                    Some(n) => {
                        return Err(Error::invalid_argument(
                            format!("max_window_secs {n} should be between 1 and {max} ({} days) for {}", w.max_days, op.name),
                            format!("max_window_secs {n} 应在1到{max}（{}天）之间", w.max_days),
                        ))
                    }
                };
                Some(split_range(s.unix(), e.unix(), secs)?)
            }
            _ => {
                if options.max_window_secs.is_some() {
                    return Err(Error::invalid_argument(
                        format!("{} has no time window; max_window_secs does not apply", op.name),
                        format!("{}没有时间窗口，max_window_secs不适用", op.name),
                    ));
                }
                None
            }
        };

        Ok(QueryPlan {
            op,
            paging,
            params,
            strict: options.strict,
            paged,
            page_size,
            windows,
            dedup: options.dedup,
            window_index: 0,
            page_no: paging.first_page,
            rows_in_window: 0,
            total: None,
            seen: KeySet::default(),
            duplicates_dropped: 0,
            rows_delivered: 0,
            done: false,
            outstanding: false,
        })
    }

    /// Continues a run from a saved [`QueryState`]. The parameters are
    /// validated again; a state that does not fit them is an error.
    pub fn resume(state: QueryState) -> Result<QueryPlan, Error> {
        let op = operation(&state.op)?;
        QueryPlan::resume_for_operation(op, state)
    }

    /// [`QueryPlan::resume`] for an operation given directly.
    pub fn resume_for_operation(op: &'static Operation, state: QueryState) -> Result<QueryPlan, Error> {
        if state.version != STATE_VERSION {
            return Err(state_error(
                format!("query state version {} is not supported (expected {STATE_VERSION})", state.version),
                format!("不支持的查询状态版本{}（应为{STATE_VERSION}）", state.version),
            ));
        }
        if state.op != op.name {
            return Err(state_error(
                format!("the state is for {}, not {}", state.op, op.name),
                format!("该状态属于{}，不是{}", state.op, op.name),
            ));
        }
        let opts = QueryOptions { page_size: state.page_size, max_window_secs: state.window_secs, strict: state.strict, dedup: state.dedup };
        let mut plan = QueryPlan::for_operation(op, state.params, &opts)?;
        let count = plan.window_count();
        let bad = if state.window_index > count || (state.window_index == count && !state.done) {
            Some(format!("window {} is past the last window ({count})", state.window_index))
        } else if state.page_no < plan.paging.first_page || (!plan.paged && state.page_no != plan.paging.first_page) {
            Some(format!("page {} is not a page of {}", state.page_no, op.name))
        } else if state.total.is_some_and(|t| t < 0) {
            Some("total is negative".to_owned())
        } else {
            None
        };
        if let Some(msg) = bad {
            return Err(state_error(format!("invalid query state: {msg}"), format!("查询状态无效：{msg}")));
        }
        plan.window_index = state.window_index;
        plan.page_no = state.page_no;
        plan.rows_in_window = state.rows_in_window;
        plan.total = state.total;
        plan.seen = KeySet::from_data(&state.seen)?;
        plan.duplicates_dropped = state.duplicates_dropped;
        plan.rows_delivered = state.rows_delivered;
        plan.done = state.done;
        Ok(plan)
    }

}

/// Checks that an operation can be driven by a query plan.
fn check_operation(op: &'static Operation) -> Result<&'static Paging, Error> {
    let unsupported = |en: String, zh: String| Error::other(ErrorCode::Unsupported, en, zh);
    if op.kind != OpKind::Query {
        return Err(unsupported(
            format!("{} is a push: plan it into batches, not a query plan", op.name),
            format!("{}是推送接口：请使用批次规划，而不是查询计划", op.name),
        ));
    }
    let Some(paging) = &op.paging else {
        return Err(unsupported(format!("{} has no paging description", op.name), format!("{}缺少分页描述", op.name)));
    };
    let d = op.platform.descriptor();
    if d.paging == PageStyle::Url {
        return Err(unsupported(
            format!("{}: {} queries page through the URL (Pager) and are not driven by a query plan yet", op.name, d.name),
            format!("{}：{}查询通过URL分页（Pager），暂不支持查询计划", op.name, d.name_zh),
        ));
    }
    Ok(paging)
}

fn resolve_page_size(op: &Operation, paging: &Paging, paged: bool, option: Option<u32>, param: Option<(Option<i64>, Value)>) -> Result<u32, Error> {
    if !paged {
        if option.is_some() || param.is_some() {
            return Err(Error::invalid_argument(
                format!("{} does not page; page_size does not apply", op.name),
                format!("{}不分页，page_size不适用", op.name),
            ));
        }
        return Ok(paging.default_page_size);
    }
    let from_param = match param {
        None => None,
        Some((Some(n), _)) => Some(n),
        Some((None, v)) => {
            let rec = ErrorRecord::new(ErrorType::IntType, vec![LocItem::Key(PAGE_SIZE.into())], v);
            return Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into());
        }
    };
    let size = match (option.map(i64::from), from_param) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::invalid_argument(
                format!("page_size is given twice and differs ({a} in the options, {b} in the parameters)"),
                format!("page_size给出了两个不同的值（选项{a}，参数{b}）"),
            ))
        }
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => i64::from(paging.default_page_size),
    };
    if size < 1 || size > i64::from(paging.max_page_size) {
        let mut rec = ErrorRecord::new(ErrorType::IntOutOfRange, vec![LocItem::Key(PAGE_SIZE.into())], Value::from(size));
        rec.ctx_set("min", 1).ctx_set("max", paging.max_page_size);
        return Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into());
    }
    Ok(size as u32)
}

