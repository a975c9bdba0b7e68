using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;

namespace MLGan.Generation;

/// <summary>
/// What a <see cref="GanTransformer"/> adds to an input schema: one generated column after the input's
/// columns, and how to fill it for a given request seed. Shared by the data view and the row mapper.
/// </summary>
internal sealed class GeneratedColumn
{
    public GeneratedColumn(DataViewSchema inputSchema, GeneratorEngine engine, string outputName, string? latentColumn, ulong streamKey)
    {
        // The latent column is used where the input has it; elsewhere latents come from the seed.
        if (latentColumn is not null && inputSchema.GetColumnOrNull(latentColumn) is not null)
            FeatureColumn.Check(inputSchema, latentColumn, "latent", "GanOptions.LatentColumnName", engine.LatentDimension);
        else
            latentColumn = null;
        InputSchema = inputSchema;
        Engine = engine;
        LatentColumn = latentColumn;
        StreamKey = streamKey;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(outputName, new VectorDataViewType(NumberDataViewType.Single, engine.OutputSize));
        OutputSchema = builder.ToSchema();
        OutputIndex = inputSchema.Count;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public int OutputIndex { get; }

    public GeneratorEngine Engine { get; }

    /// <summary>The input column latents are read from, or null when they come from <see cref="StreamKey"/>.</summary>
    public string? LatentColumn { get; }

    public ulong StreamKey { get; }

    /// <summary>Input columns needed to produce the given output columns.</summary>
    public IEnumerable<DataViewSchema.Column> InputColumnsFor(IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in outputColumns)
        {
            if (column.Index == OutputIndex)
            {
                if (LatentColumn is not null)
                    needed.Add(InputSchema[LatentColumn].Index);
            }
            else
            {
                needed.Add(column.Index);
            }
        }
        return needed.Order().Select(i => InputSchema[i]);
    }

    /// <summary>A getter of the generated column at <paramref name="position"/>'s current value.</summary>
    public ValueGetter<TValue> MakeGetter<TValue>(GeneratedRowCache cache, Func<long> position)
    {
        if (typeof(TValue) != typeof(VBuffer<float>))
            throw new InvalidOperationException(
                $"The generated column '{OutputSchema[OutputIndex].Name}' is a vector of Single; ask for a getter of VBuffer<float>, not {typeof(TValue).Name}.");
        int size = Engine.OutputSize;
        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
        {
            var editor = VBufferEditor.Create(ref value, size);
            cache.Get(position()).CopyTo(editor.Values);
            value = editor.Commit();
        };
        return (ValueGetter<TValue>)(Delegate)getter;
    }
}
