#include "network/engine/pageprocessor.h"

#include "model/core/translation.h"
#include "model/targets/jsonbody.h"
#include "network/planning/pagetotals.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// Numbers compare as numbers, everything else as text (ISO dates sort correctly that way).
bool greater(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() > b.toDouble();
    return Expression::toText(a) > Expression::toText(b);
}

void aggregate(QJsonObject &state, const EndpointProgram::Processor &processor, const QJsonValue &value, bool first)
{
    using A = EndpointProgram::Aggregation;
    const QJsonValue current = state.value(processor.name);
    switch (processor.aggregation) {
    case A::None:
    case A::Last:
        if (!value.isNull() || processor.aggregation == A::None)
            state.insert(processor.name, value);
        break;
    case A::First:
        if (!value.isNull() && (current.isNull() || current.isUndefined() || first))
            state.insert(processor.name, value);
        break;
    case A::Maximum:
        if (!value.isNull() && (current.isNull() || current.isUndefined() || greater(value, current)))
            state.insert(processor.name, value);
        break;
    case A::Minimum:
        if (!value.isNull() && (current.isNull() || current.isUndefined() || greater(current, value)))
            state.insert(processor.name, value);
        break;
    case A::Collect: {
        QJsonArray list = current.toArray();
        list.append(value);
        state.insert(processor.name, list);
        break;
    }
    }
}

// "HTTP 400: {"error": "per_page must be..."}": the status and what the API said about it.
QString httpProblem(const HttpResult &response)
{
    QString excerpt = QString::fromUtf8(response.body.left(200)).simplified();
    if (response.body.size() > 200)
        excerpt += u"...";
    return excerpt.isEmpty() ? tr("HTTP %1").arg(response.status) : tr("HTTP %1: %2").arg(response.status).arg(excerpt);
}

QString describe(const ExpressionError &error, const QString &what)
{
    return tr("%1 failed: %2").arg(what, error.message);
}

constexpr qint64 MaxPlannedPages = 10000;

bool readsState(const Expression &expression)
{
    const QStringList references = expression.references();
    return std::any_of(references.cbegin(), references.cend(), [](const QString &reference) {
        return reference == u"state" || reference.startsWith(u"state.") || reference.startsWith(u"state[");
    });
}

// The state after `state`, as pagination.next_state makes it; nothing on an error.
std::optional<QJsonObject> advance(const EndpointProgram &program, ExpressionScope &scope, const QJsonObject &state)
{
    scope.roots.insert(u"state"_s, state);
    QJsonObject next = state;
    for (const auto &entry : program.nextState) {
        ExpressionError error;
        const QJsonValue value = entry.evaluate(scope, &error);
        if (!error.message.isEmpty())
            return std::nullopt;
        next.insert(entry.key, value);
    }
    return next;
}

std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    if (value.isDouble() && value.toDouble() >= 0 && value.toDouble() < 1e15)
        return qint64(value.toDouble());
    bool ok = false;
    const qint64 n = value.toString().toLongLong(&ok);
    return ok && n >= 0 ? std::optional<qint64>(n) : std::nullopt;
}

// How many pages the partition has in all, when the response says (pageTotals(): a field at
// the top of the body or in one of its containers, else a header), a count of records over
// the size of this page.
std::optional<qint64> announcedPages(const JsonBody &body, const HttpResult &response, qint64 pageRecords)
{
    const auto field = [&](const QStringList &names) -> std::optional<qint64> {
        for (const QString &container : pageTotalContainers()) {
            for (const QString &name : names) {
                const QStringList path = container.isEmpty() ? QStringList{name} : QStringList{container, name};
                if (const auto n = wholeNumber(body.value(path)))
                    return n;
            }
        }
        return std::nullopt;
    };
    for (const PageTotal &total : pageTotals()) {
        const bool pages = total.counts == PageTotal::Counts::Pages;
        if (!pages && pageRecords <= 0)
            continue;
        auto count = field(total.fields);
        if (!count)
            count = wholeNumber(QString::fromLatin1(response.header(total.header)));
        if (count)
            return pages ? *count : (*count + pageRecords - 1) / pageRecords;
    }
    return std::nullopt;
}

// The states of the pages after this one, up to the last, when the response tells how many
// there are. `scope` is this page's, with `state` the state this page was requested with.
QList<QJsonObject> planPages(const EndpointProgram &program, ExpressionScope scope, const JsonBody &body,
                             const PageInput &input, const PageOutput &out)
{
    QList<QJsonObject> states;
    QJsonObject state = out.nextState;
    // A stop condition that reads the state (`state.page >= response.json.total_pages`) says
    // where the partition ends, taking this response's totals for every page.
    if (program.stopCondition.isValid() && readsState(program.stopCondition)) {
        while (states.size() < MaxPlannedPages) {
            states.append(state);
            scope.roots.insert(u"state"_s, state);
            ExpressionError error;
            const bool stop = Expression::isTruthy(program.stopCondition.evaluate(scope, &error));
            if (!error.message.isEmpty())
                break;
            if (stop)
                return states;
            const auto next = advance(program, scope, state);
            if (!next || *next == state)
                break;
            state = *next;
        }
        states.clear();
        state = out.nextState;
    }
    const auto pages = announcedPages(body, input.response, out.recordCount);
    if (!pages || *pages <= input.page)
        return {};
    const qint64 remaining = std::min<qint64>(*pages - input.page, MaxPlannedPages);
    while (states.size() < remaining) {
        states.append(state);
        if (states.size() == remaining)
            break;
        const auto next = advance(program, scope, state);
        if (!next || *next == state)
            return {};
        state = *next;
    }
    return states;
}
} // namespace

QJsonObject responseScope(const HttpResult &response)
{
    QJsonObject headers;
    for (const auto &[name, value] : response.headers)
        headers.insert(QString::fromLatin1(name).toLower(), QString::fromUtf8(value));
    QJsonObject scope{{u"status"_s, response.status}, {u"headers"_s, headers}};
    if (response.networkError) {
        scope.insert(u"error"_s, response.errorString);
        scope.insert(u"fault"_s, transportFaultName(response.fault));
    }
    return scope;
}

PageOutput processPage(const PageInput &input)
{
    const EndpointProgram &program = *input.program;
    PageOutput out;
    out.state = input.state;

    ExpressionScope scope;
    scope.roots = input.roots;
    scope.roots.insert(u"state"_s, input.state);
    scope.roots.insert(u"request"_s, QJsonObject{{u"url"_s, input.request.url.toString()},
                                                 {u"method"_s, QString::fromLatin1(input.request.method)}});
    QJsonObject response = responseScope(input.response);
    if (program.needsResponseText)
        response.insert(u"text"_s, QString::fromUtf8(input.response.body));

    // Parse first when a rule may read the body; a broken body is judged below.
    JsonBody body;
    QString parseError;
    const bool parsed = input.response.networkError || body.parse(input.response.body, &parseError);
    // A JSON API whose success answers nothing at all (not "204 No Content") has not answered;
    // unless a rule of the spec's own decides, that is retried like a broken body.
    const bool emptySuccess = parsed && !input.response.networkError && input.response.status >= 200 &&
                              input.response.status < 300 && input.response.status != 204 &&
                              QByteArrayView(input.response.body).trimmed().isEmpty();
    const bool general = !program.recordsFastPath || program.needsResponseRecords ||
                         (parsed && !input.response.networkError &&
                          !body.holdsPlainRecords(program.recordsFieldPath, program.recordsFlatten));
    QJsonValue json;
    if (parsed && !input.response.networkError && (general || program.needsResponseJson)) {
        json = body.toJson(general || program.recordsFieldPath.isEmpty() ? QStringList() : program.recordsFieldPath);
        response.insert(u"json"_s, json);
    }
    QJsonArray records;
    if (parsed && general && !input.response.networkError) {
        JmesPath::Error error;
        const QJsonValue found = program.records.search(json, &error);
        if (error.kind != JmesPath::ErrorKind::None) {
            out.verdict = PageOutput::Verdict::Fail;
            out.message = tr("records.jmespath `%1` failed: %2").arg(program.records.expression(), error.message);
            return out;
        }
        if (found.isArray())
            records = found.toArray();
        else if (!found.isNull() && !found.isUndefined())
            records.append(found);
        response.insert(u"records"_s, records);
    }
    if (!parsed || emptySuccess)
        response.insert(u"fault"_s, u"invalid_body"_s);
    scope.roots.insert(u"response"_s, response);

    // Rules in order, first match wins; Sling's defaults come last.
    for (const EndpointProgram::Rule &rule : program.rules) {
        if (!rule.condition.isValid())
            continue;
        ExpressionError error;
        if (!Expression::isTruthy(rule.condition.evaluate(scope, &error)))
            continue;
        out.rule = &rule;
        out.message = rule.message.isValid()        ? rule.message.render(scope)
                      : input.response.networkError ? input.response.errorString
                                                    : httpProblem(input.response);
        switch (rule.action) {
        case EndpointProgram::Action::Retry:
            out.verdict = PageOutput::Verdict::Retry;
            return out;
        case EndpointProgram::Action::Fail:
            out.verdict = PageOutput::Verdict::Fail;
            return out;
        case EndpointProgram::Action::Skip:
            out.verdict = PageOutput::Verdict::Skip;
            break;
        case EndpointProgram::Action::Stop:
        case EndpointProgram::Action::Break:
            out.verdict = PageOutput::Verdict::Stop;
            break;
        case EndpointProgram::Action::Continue:
            break;
        }
        break;
    }
    if (input.response.networkError) {
        out.verdict = PageOutput::Verdict::Fail;
        out.message = input.response.errorString;
        return out;
    }
    if (!parsed || (emptySuccess && (!out.rule || out.rule->builtIn))) {
        // A body that is not JSON (truncated, an HTML error page) is a server fault, retried
        // like a broken exchange before the partition fails with the reason.
        out.verdict = PageOutput::Verdict::Retry;
        out.rule = &program.rules.at(program.transportRule);
        out.message =
            parsed ? tr("the response body is empty (HTTP %1), not JSON").arg(input.response.status) : parseError;
        return out;
    }

    // Records, processors, then the state of the next request.
    if (out.verdict != PageOutput::Verdict::Skip) {
        if (general) {
            for (qsizetype i = 0; i < records.size(); ++i) {
                QJsonValue record = records.at(i);
                for (const auto &processor : program.processors) {
                    if (processor.toState)
                        continue;
                    scope.roots.insert(u"record"_s, record);
                    ExpressionError error;
                    const QJsonValue value = processor.expression.evaluate(scope, &error);
                    if (!error.message.isEmpty()) {
                        out.verdict = PageOutput::Verdict::Fail;
                        out.message = describe(error, tr("processor `%1`").arg(processor.expression.text()));
                        return out;
                    }
                    QJsonObject object = record.toObject();
                    object.insert(processor.name, value);
                    record = object;
                }
                records[i] = record;
                out.records.append(record);
            }
        } else {
            body.appendRecords(out.records, program.recordsFieldPath);
        }
        out.recordCount = out.records.rowCount();
        if (out.records.textOverflowed()) {
            out.verdict = PageOutput::Verdict::Fail;
            out.message = tr("the page's records hold more than 4 GB of text; nothing of the page was written. "
                             "Ask the API for smaller pages (its page size parameter).");
            return out;
        }
        if (program.limit > 0 && input.recordsBefore + out.recordCount >= program.limit) {
            out.records.truncate(std::max<qint64>(0, program.limit - input.recordsBefore));
            out.recordCount = out.records.rowCount();
            out.verdict = PageOutput::Verdict::Stop;
        }
        if (input.requireKey && !out.records.isEmpty()) {
            // Upserting a record without its key would add a new row on every run (SQLite takes
            // NULL keys as distinct, or as a new rowid); PostgreSQL refuses it. Say so instead.
            for (const QString &key : program.primaryKey) {
                const qsizetype row = out.records.firstRowWithoutValue(out.records.columnIndex(key));
                if (row < 0)
                    continue;
                out.verdict = PageOutput::Verdict::Fail;
                out.message = tr("record %1 of the page has no value for the primary key %2; nothing of the page "
                                 "was written. Give such records a key (or drop them) with a processor, or load "
                                 "into a new table (another `object`) with a key that every record has.")
                                  .arg(row + 1)
                                  .arg(key);
                return out;
            }
        }
    }

    for (const auto &processor : program.processors) {
        if (!processor.toState)
            continue;
        ExpressionError error;
        if (program.processorsReadRecords && general) {
            for (qsizetype i = 0; i < records.size() && i < out.recordCount; ++i) {
                scope.roots.insert(u"record"_s, records.at(i));
                aggregate(out.state, processor, processor.expression.evaluate(scope, &error), false);
            }
        } else if (out.recordCount > 0 || processor.aggregation == EndpointProgram::Aggregation::None) {
            aggregate(out.state, processor, processor.expression.evaluate(scope, &error), false);
        }
        if (!error.message.isEmpty()) {
            out.verdict = PageOutput::Verdict::Fail;
            out.message = describe(error, tr("processor `%1`").arg(processor.expression.text()));
            return out;
        }
    }
    scope.roots.insert(u"state"_s, out.state);
    scope.roots.remove(u"record"_s);

    out.stop = true;
    if (program.paginated && out.verdict != PageOutput::Verdict::Stop) {
        out.nextState = out.state;
        for (const auto &entry : program.nextState) {
            ExpressionError error;
            const QJsonValue value = entry.evaluate(scope, &error);
            if (!error.message.isEmpty()) {
                out.verdict = PageOutput::Verdict::Fail;
                out.message = describe(error, tr("pagination.next_state.%1").arg(entry.key));
                return out;
            }
            out.nextState.insert(entry.key, value);
        }
        bool stop = false;
        if (program.stopCondition.isValid()) {
            ExpressionError error;
            stop = Expression::isTruthy(program.stopCondition.evaluate(scope, &error));
            if (!error.message.isEmpty()) {
                out.verdict = PageOutput::Verdict::Fail;
                out.message = describe(error, tr("pagination.stop_condition"));
                return out;
            }
        } else {
            stop = out.recordCount == 0;
        }
        if (!stop && out.nextState == out.state) {
            stop = true;
            out.notAdvancing = true;
        }
        out.stop = stop;
        if (!stop && input.planAhead && out.verdict == PageOutput::Verdict::Use)
            out.plannedStates = planPages(program, scope, body, input, out);
    }
    if (out.verdict == PageOutput::Verdict::Stop)
        out.verdict = PageOutput::Verdict::Use;
    return out;
}

} // namespace Backfill
