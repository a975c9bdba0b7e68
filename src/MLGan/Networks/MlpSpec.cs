namespace MLGan.Networks;

/// <summary>Everything needed to rebuild an MLP generator: saved with the model so a loader can recreate it.</summary>
internal sealed record MlpSpec(int InputSize, IReadOnlyList<int> HiddenSizes, int OutputSize, GanActivation Activation, GanNormalization Normalization) : INetworkSpec
{
    public const string TypeTag = "mlp";

    public string Kind => TypeTag;

    public long[] InputShape => new long[] { InputSize };

    public long[] OutputShape => new long[] { OutputSize };

    public double ParameterCount
    {
        get
        {
            var hidden = new HiddenLayers(HiddenSizes, Activation, Normalization);
            return hidden.ParameterCount(InputSize) + ((double)hidden.OutputSize(InputSize) + 1) * OutputSize;
        }
    }

    public GanNetwork Build(string name) => new Mlp(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(InputSize);
        writer.Write(HiddenSizes.Count);
        foreach (var size in HiddenSizes)
            writer.Write(size);
        writer.Write(OutputSize);
        writer.Write((int)Activation);
        writer.Write((int)Normalization);
    }

    public static MlpSpec Read(BinaryReader reader)
    {
        int input = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (count < 0 || count > 1024)
            throw new InvalidDataException($"implausible hidden layer count {count}");
        var hidden = new int[count];
        for (int i = 0; i < count; i++)
            hidden[i] = reader.ReadInt32();
        int output = reader.ReadInt32();
        var activation = (GanActivation)reader.ReadInt32();
        var normalization = (GanNormalization)reader.ReadInt32();
        var spec = new MlpSpec(input, hidden, output, activation, normalization);
        if (input <= 0 || output <= 0 || hidden.Any(h => h <= 0) || !Enum.IsDefined(activation) || !Enum.IsDefined(normalization))
            throw new InvalidDataException($"invalid network description {spec}");
        return spec;
    }

    public override string ToString()
        => $"{InputSize} -> [{string.Join(", ", HiddenSizes)}] -> {OutputSize} ({Activation}, {Normalization})";
}
