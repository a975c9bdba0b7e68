using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data.BlockMapping;

/// <summary>One block's values of the added columns: a managed array per column, row-major.</summary>
internal sealed class BlockOutputs
{
    private readonly Array[] _columns;
    private readonly int[] _widths;
    private readonly bool[] _isVector;
    private readonly ImageShape?[] _images;

    public BlockOutputs(IReadOnlyList<AddedColumn> columns)
    {
        _columns = new Array[columns.Count];
        _widths = new int[columns.Count];
        _isVector = new bool[columns.Count];
        _images = new ImageShape?[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            var type = columns[c].Type;
            _isVector[c] = type is VectorDataViewType;
            _images[c] = columns[c].Image;
            (_columns[c], _widths[c]) = type switch
            {
                Microsoft.ML.Transforms.Image.ImageDataViewType when columns[c].Image is { } image => (new float[BlockSize.Rows * image.Size], image.Size),
                VectorDataViewType { ItemType: NumberDataViewType, IsKnownSize: true } v when v.ItemType == NumberDataViewType.Single
                    => ((Array)new float[BlockSize.Rows * v.Size], v.Size),
                NumberDataViewType n when n == NumberDataViewType.Single => (new float[BlockSize.Rows], 1),
                NumberDataViewType n when n == NumberDataViewType.Int32 => (new int[BlockSize.Rows], 1),
                BooleanDataViewType => (new bool[BlockSize.Rows], 1),
                _ => throw new NotSupportedException($"Block mappers cannot add columns of type {type}."),
            };
        }
    }

    public float[] Singles(int column) => (float[])_columns[column];

    public int[] Int32s(int column) => (int[])_columns[column];

    public bool[] Booleans(int column) => (bool[])_columns[column];

    /// <summary>A getter of added column <paramref name="column"/> for the row at <paramref name="rowInBlock"/>()'s position.</summary>
    public ValueGetter<TValue> MakeGetter<TValue>(int column, string name, Func<int> rowInBlock)
    {
        Delegate getter = _columns[column] switch
        {
            float[] values when _images[column] is { } image => ImageGetter(values, image, rowInBlock),
            float[] values when _isVector[column] => VectorGetter(values, _widths[column], rowInBlock),
            float[] values => (ValueGetter<float>)((ref float v) => v = values[rowInBlock()]),
            int[] values => (ValueGetter<int>)((ref int v) => v = values[rowInBlock()]),
            bool[] values => (ValueGetter<bool>)((ref bool v) => v = values[rowInBlock()]),
            _ => throw new InvalidOperationException(),
        };
        if (getter is not ValueGetter<TValue> typed)
            throw new InvalidOperationException(
                $"Column '{name}' holds {ValueTypeName(getter)}; ask for a getter of that type, not {typeof(TValue).Name}.");
        return typed;
    }

    private static ValueGetter<VBuffer<float>> VectorGetter(float[] values, int width, Func<int> rowInBlock)
        => (ref VBuffer<float> value) =>
        {
            var editor = VBufferEditor.Create(ref value, width);
            values.AsSpan(rowInBlock() * width, width).CopyTo(editor.Values);
            value = editor.Commit();
        };

    /// <summary>Each call creates a new image the caller owns (dispose it when done); earlier ones stay valid.</summary>
    private static ValueGetter<MLImage> ImageGetter(float[] values, ImageShape shape, Func<int> rowInBlock)
        => (ref MLImage value) => value = ImagePixels.FromPlanar(values.AsSpan(rowInBlock() * shape.Size, shape.Size), shape);

    private static string ValueTypeName(Delegate getter) => getter switch
    {
        ValueGetter<MLImage> => "images (MLImage)",
        ValueGetter<VBuffer<float>> => "a vector of Single (VBuffer<float>)",
        ValueGetter<float> => "Single (float)",
        ValueGetter<int> => "Int32 (int)",
        _ => "Boolean (bool)",
    };
}
