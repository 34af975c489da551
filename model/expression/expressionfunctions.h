#pragma once

#include "model/expression/expression.h"
#include "model/expression/expressionnode.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <vector>

namespace Backfill {

// What a function receives: its evaluated arguments, their source text (for error messages) and the scope.
struct ExpressionCall
{
    std::vector<QJsonValue> arguments;
    const QString *text = nullptr; // the whole expression, for argumentText()
    const ExpressionScope *scope = nullptr;
    const ExpressionDetail::Node *node = nullptr;
    QString error; // set by a function that fails

    // The source of argument `index` ("state.page"), only computed when an error message needs it.
    QString argumentText(size_t index) const
    {
        if (!text || !node || index >= node->children.size())
            return {};
        const ExpressionDetail::Node &argument = *node->children[index];
        return text->mid(argument.position, argument.end - argument.position);
    }
};

struct ExpressionFunction
{
    QString name;
    int minArguments = 0;
    int maxArguments = 0; // -1: any number
    QJsonValue (*call)(ExpressionCall &call) = nullptr;
};

// The table of built-in functions (coalesce, date_add, range...), looked up by the parser.
class ExpressionFunctions final
{
public:
    static const ExpressionFunction *find(const QString &name);
    static QStringList names();
};

} // namespace Backfill
