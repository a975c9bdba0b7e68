using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Generation;

/// <summary>Row-at-a-time form of the transformer, used by prediction engines and transformer chains.</summary>
internal sealed class GeneratedRowMapper(GeneratedColumn column) : IRowToRowMapper
{
    public DataViewSchema InputSchema => column.InputSchema;

    public DataViewSchema OutputSchema => column.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        => column.InputColumnsFor(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        bool generate = activeColumns.Any(c => c.Index == column.OutputIndex);
        GeneratedRowCache? cache = null;
        if (generate)
        {
            ILatentSource latents = column.LatentColumn is null
                ? new NoiseLatents(column.StreamKey, column.Engine.LatentDimension)
                : new CurrentRowLatents(input.GetGetter<VBuffer<float>>(input.Schema[column.LatentColumn]), column.Engine.LatentDimension);
            cache = new GeneratedRowCache(column.Engine, latents);
        }
        return new Row(column, input, cache);
    }

    private sealed class Row(GeneratedColumn column, DataViewRow input, GeneratedRowCache? cache) : DataViewRow
    {
        public override DataViewSchema Schema => column.OutputSchema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column c)
            => c.Index == column.OutputIndex ? cache is not null : input.IsColumnActive(input.Schema[c.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column c)
        {
            if (c.Index != column.OutputIndex)
                return input.GetGetter<TValue>(input.Schema[c.Index]);
            if (cache is null)
                throw new InvalidOperationException($"Column '{c.Name}' was not requested as active.");
            return column.MakeGetter<TValue>(cache, () => input.Position);
        }
    }
}
