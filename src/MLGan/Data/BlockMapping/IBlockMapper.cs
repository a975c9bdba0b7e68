using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data.BlockMapping;

/// <summary>
/// A row-to-row mapping that adds columns and computes them a block of <see cref="BlockSize.Rows"/> rows at a
/// time (one tensor call per block instead of per row). Blocks start at multiples of the block size, so a
/// row's values never depend on how the data is read. <see cref="BlockMappedDataView"/> and
/// <see cref="BlockMappedRowMapper"/> turn a mapper into ML.NET's data view and row mapper.
/// </summary>
internal interface IBlockMapper
{
    DataViewSchema InputSchema { get; }

    /// <summary>The added columns, appended after the input's columns in this order.</summary>
    IReadOnlyList<AddedColumn> AddedColumns { get; }

    /// <summary>The input columns each row's source values come from (e.g. a known-size vector of Single); empty when none is read.</summary>
    IReadOnlyList<string> SourceColumns { get; }

    /// <summary>Source values per row (0 without source columns).</summary>
    int SourceSize { get; }

    /// <summary>A reader of the current row's <see cref="SourceSize"/> source values, for a row or cursor with the source columns active.</summary>
    Action<Span<float>> SourceReader(DataViewRow row);

    /// <summary>
    /// Computes the added columns of rows [blockStart, blockStart + BlockSize.Rows). Only rows in
    /// [first, end) are requested; <paramref name="source"/> holds their source vectors (row-major, zeros elsewhere).
    /// </summary>
    void MapBlock(long blockStart, long first, long end, float[] source, BlockOutputs outputs);
}

/// <summary>
/// A column a block mapper adds: Single, Int32 or Boolean scalars, a known-size vector of Single, or images
/// (<see cref="Microsoft.ML.Transforms.Image.ImageDataViewType"/>, kept as planar pixels of <paramref name="Image"/>'s shape).
/// </summary>
internal sealed record AddedColumn(string Name, DataViewType Type, ImageShape? Image = null);

/// <summary>The block size shared by every block mapper.</summary>
internal static class BlockSize
{
    public const int Rows = 256;
}
