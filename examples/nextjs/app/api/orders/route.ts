// GET /api/orders: for other app clients (a SPA, a mobile app, a service) that send an access
// token; requireBearer verifies it with client.verifyAccessToken.
import { requireBearer } from '../../../lib/auth.js';

export async function GET(request: Request): Promise<Response> {
  const claims = await requireBearer(request);
  if (claims instanceof Response) return claims;
  return Response.json({ orders: [], for: claims.sub });
}
