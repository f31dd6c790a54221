import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the AWS Systems Manager parameter API (JSON 1.1 protocol, operation in the
 * X-Amz-Target header), for tests only: the calls the AWS provider makes to create and read an
 * aws_ssm_parameter. Tests change `parameters` directly to play a change made outside Terraform.
 */
export interface StandInParameter {
  Name: string;
  Type: string;
  Value: string;
  Description?: string;
  Version: number;
}

export interface SsmStandIn {
  url: string;
  parameters: Map<string, StandInParameter>;
  operations: string[];
  close(): Promise<void>;
}

const ARN = 'arn:aws:ssm:eu-west-1:000000000000:parameter';

export async function startSsmStandIn(): Promise<SsmStandIn> {
  const parameters = new Map<string, StandInParameter>();
  const operations: string[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      operations.push(operation);
      const body = text ? JSON.parse(text) : {};
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      const found = parameters.get(body.Name);
      switch (operation) {
        case 'PutParameter':
          parameters.set(body.Name, {
            Name: body.Name,
            Type: body.Type,
            Value: body.Value,
            Description: body.Description,
            Version: (found?.Version ?? 0) + 1,
          });
          return send(200, { Version: parameters.get(body.Name)!.Version, Tier: 'Standard' });
        case 'GetParameter':
          if (!found)
            return send(400, { __type: 'ParameterNotFound', message: `${body.Name} not found` });
          return send(200, {
            Parameter: { ...found, DataType: 'text', ARN: `${ARN}${found.Name}` },
          });
        case 'DescribeParameters': {
          const names: string[] = (body.ParameterFilters ?? []).flatMap(
            (f: { Values?: string[] }) => f.Values ?? [],
          );
          const list = [...parameters.values()].filter((p) => names.includes(p.Name));
          return send(200, {
            Parameters: list.map((p) => ({
              Name: p.Name,
              Type: p.Type,
              Description: p.Description,
              Version: p.Version,
              Tier: 'Standard',
              DataType: 'text',
              Policies: [],
            })),
          });
        }
        case 'ListTagsForResource':
          return send(200, { TagList: [] });
        case 'AddTagsToResource':
          return send(200, {});
        case 'DeleteParameter':
          parameters.delete(body.Name);
          return send(200, {});
        default:
          return send(400, { __type: 'InvalidAction', message: `${operation} is not served here` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    parameters,
    operations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
