using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;

namespace MLGan.Generation;

/// <summary>
/// A data view of labels typed like a conditional model's training label column (key with its key values, text, Boolean
/// or the same number type), so the rows <c>GenerateForLabels</c> returns can be appended to the training data.
/// </summary>
internal static class LabelViews
{
    public static IDataView Create(MLContext ml, LabelVocabulary labels, IReadOnlyList<int> classes)
    {
        switch (labels.Kind)
        {
            case LabelKind.Text:
                return Load(ml, labels, classes.Select(c => new Row<string> { Label = labels.Classes[c] }));
            case LabelKind.Boolean:
                return Load(ml, labels, classes.Select(c => new Row<bool> { Label = labels.Classes[c] == bool.TrueString }));
            case LabelKind.Key:
                // LoadFromEnumerable stores a key field's 0-based value as ML.NET's 1-based key.
                return Load(ml, labels, classes.Select(c => new Row<uint> { Label = (uint)(labels.KeyOfClass(c) - 1) }), column =>
                {
                    column.ColumnType = new KeyDataViewType(typeof(uint), labels.KeyCount);
                    if (labels.KeyValues.Count > 0)
                    {
                        var values = new VBuffer<ReadOnlyMemory<char>>(labels.KeyValues.Count, labels.KeyValues.Select(v => v.AsMemory()).ToArray());
                        column.AddAnnotation("KeyValues", values, new VectorDataViewType(TextDataViewType.Instance, labels.KeyValues.Count));
                    }
                });
            default:
                var type = LabelVocabulary.NumberKinds.Single(k => k.Kind == labels.NumberKind).Type;
                return (IDataView)typeof(LabelViews).GetMethod(nameof(Numbers), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(type).Invoke(null, new object[] { ml, labels, classes })!;
        }
    }

    /// <summary>Number labels of the training column's own type, parsed from their invariant text.</summary>
    private static IDataView Numbers<T>(MLContext ml, LabelVocabulary labels, IReadOnlyList<int> classes)
        => Load(ml, labels, classes.Select(c => new Row<T> { Label = (T)Convert.ChangeType(labels.Classes[c], typeof(T), CultureInfo.InvariantCulture) }));

    private static IDataView Load<T>(MLContext ml, LabelVocabulary labels, IEnumerable<Row<T>> rows, Action<SchemaDefinition.Column>? configure = null)
    {
        var schema = SchemaDefinition.Create(typeof(Row<T>));
        schema[0].ColumnName = labels.ColumnName;
        configure?.Invoke(schema[0]);
        return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    private sealed class Row<T>
    {
        public T Label = default!;
    }
}
