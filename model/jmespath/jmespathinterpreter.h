#pragma once

#include "model/jmespath/jmespath.h"
#include "model/jmespath/jmespathnode.h"

#include <QJsonValue>

namespace Backfill {

// Evaluates a compiled JMESPath tree against one JSON document. The first runtime error
// (a function given the wrong type) stops the evaluation; later results are null.
class JmesPathInterpreter final
{
public:
    using Node = JmesPathDetail::Node;

    QJsonValue evaluate(const Node &node, const QJsonValue &current);

    bool failed() const { return m_error.kind != JmesPath::ErrorKind::None; }
    const JmesPath::Error &error() const { return m_error; }
    void fail(JmesPath::ErrorKind kind, const QString &message);

    // Bounds the work (and so the memory) of one search: expressions such as
    // `[@,@,@,@] | [@,@,@,@] | ... | to_string(@)` grow exponentially. Real extractions
    // over API pages stay far below the budget. False (with an error) once it is spent.
    bool spend(qint64 units);
    bool spendOn(const QJsonValue &value);
    static constexpr qint64 budget = 10'000'000;

private:
    QJsonValue field(const Node &node, const QJsonValue &current);
    QJsonValue index(const Node &node, const QJsonValue &current);
    QJsonValue slice(const Node &node, const QJsonValue &current);
    QJsonValue listProjection(const Node &node, const QJsonValue &current);
    QJsonValue valueProjection(const Node &node, const QJsonValue &current);
    QJsonValue filterProjection(const Node &node, const QJsonValue &current);
    QJsonValue flatten(const Node &node, const QJsonValue &current);
    QJsonValue comparison(const Node &node, const QJsonValue &current);
    QJsonValue multiSelectList(const Node &node, const QJsonValue &current);
    QJsonValue multiSelectHash(const Node &node, const QJsonValue &current);
    QJsonValue call(const Node &node, const QJsonValue &current);

    JmesPath::Error m_error;
    qint64 m_spent = 0;
};

} // namespace Backfill
