#pragma once

#include "model/expression/expression.h"
#include "model/jmespath/jmespath.h"
#include "model/spec/spec.h"
#include "network/http/backoff.h"

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace Backfill {

// One endpoint of a spec compiled for a run: defaults applied, every template, expression
// and JMESPath parsed once, Sling's default rules appended. Immutable, so the partitions of
// the endpoint and the threads that process its pages share one instance.
class EndpointProgram final
{
public:
    // A value of state, headers, parameters or next_state: a template, or a plain YAML
    // value (a number stays a number).
    struct Entry
    {
        QString key;
        QJsonValue literal;
        Template value; // valid when the YAML value is a string
        QJsonValue evaluate(const ExpressionScope &scope, ExpressionError *error) const;
    };

    enum class Aggregation { None, Maximum, Minimum, First, Last, Collect };
    struct Processor
    {
        Expression expression;
        bool toState = true; // output: state.<name>; otherwise record.<name>
        QString name;
        Aggregation aggregation = Aggregation::None;
    };

    enum class Action { Retry, Continue, Stop, Break, Skip, Fail };
    struct Rule
    {
        Expression condition;
        Action action = Action::Fail;
        int maxAttempts = 3;
        BackoffPolicy backoff;
        Template message;
        bool builtIn = false; // one of Sling's defaults, appended after the spec's own
    };

    // Compiles `endpointName` of `spec`; null with `error` set when something does not
    // compile (the spec validator reports the same problems with their lines).
    static std::shared_ptr<const EndpointProgram> compile(const ApiSpec &spec, const QString &endpointName,
                                                          QString *error);

    QString specName;
    QString name;
    Endpoint endpoint; // resolved: defaults applied

    QList<Entry> state;
    Expression iterateOver; // invalid when the endpoint does not iterate
    QString iterateInto;    // the state variable, without "state."
    int iterateConcurrency = 1;

    Template url;
    QByteArray method = QByteArrayLiteral("GET");
    QList<Entry> headers;
    QList<Entry> parameters;
    QJsonValue payload = QJsonValue::Undefined;
    QHash<QString, Template> payloadTemplates; // every string inside the payload, compiled
    int timeoutMs = 30000;
    double rate = 0; // requests per second; 0: unlimited
    int requestConcurrency = 0;

    QList<Entry> nextState;
    Expression stopCondition; // invalid when none
    bool paginated = false;

    JmesPath records;
    QStringList recordsFieldPath; // for a plain field path (`data.events[]`): its fields
    bool recordsFastPath = false; // records go straight from the bytes to the batch
    bool recordsFlatten = false;  // the path ends in `[]`
    QStringList primaryKey;
    QString updateKey;
    int limit = 0; // 0: no limit

    QList<Processor> processors;
    bool processorsReadRecords = false;
    QList<Rule> rules;
    int transportRule = -1; // the default rule for a broken exchange or an unreadable body
    QStringList sync;
    QString mode;
    qint64 settleMs = 0; // x-backfill.settle: a partition is Open until its period's end plus this

    // What the expressions read from the response, so pages parse only what is needed.
    bool needsResponseJson = false;
    bool needsResponseRecords = false;
    bool needsResponseText = false;

    Authentication::Type authType = Authentication::Type::None;
    QList<Entry> authHeaders;
    Template authUsername;
    Template authPassword;
    Template authTokenUrl;
    Template authClientId;
    Template authClientSecret;
    QStringList authScopes;

    QStringList secretNames; // every secrets.<name> the endpoint reads
};

} // namespace Backfill
