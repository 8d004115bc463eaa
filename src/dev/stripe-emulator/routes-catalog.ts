import type { Hono } from "hono";
import { listOpts, type Wrap } from "./api";
import { createPrice, createProduct, updatePrice, updateProduct } from "./catalog";
import { render, renderList } from "./core";
import { invalidParam } from "./errors";
import { customerObj } from "./objects";
import type { Obj } from "./store";

/** Customers, products and prices. */
export function registerCatalogRoutes(app: Hono, wrap: Wrap): void {
  app.post(
    "/v1/customers",
    wrap(async ({ tx, args, expand }) => {
      const c = customerObj(tx.now, {
        email: args.str("email") || null,
        name: args.str("name") || null,
        description: args.str("description") || null,
        phone: args.str("phone") || null,
        metadata: args.metadata(),
      });
      return render(tx, tx.put(c), expand);
    }),
  );
  app.get(
    "/v1/customers/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "customer"), expand)),
  );
  app.post(
    "/v1/customers/:id",
    wrap(async ({ tx, args, param, expand }) => {
      const c = await tx.must(param("id"), "customer");
      for (const field of ["email", "name", "description", "phone"]) if (args.has(field)) c[field] = args.str(field) || null;
      c.metadata = args.metadata(c.metadata);
      return render(tx, tx.put(c), expand);
    }),
  );
  app.get(
    "/v1/customers",
    wrap(async ({ tx, args, expand }) =>
      renderList(tx, await tx.list("customer", { email: args.str("email") }, listOpts(args)), "/v1/customers", expand),
    ),
  );

  app.post(
    "/v1/products",
    wrap(async ({ tx, args, expand }) => {
      const id = args.str("id");
      if (id && (await tx.get(id))) throw invalidParam(`Product already exists: ${id}`, "id", "resource_already_exists");
      return render(tx, createProduct(tx, args), expand);
    }),
  );
  app.get(
    "/v1/products/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "product"), expand)),
  );
  app.post(
    "/v1/products/:id",
    wrap(async ({ tx, args, param, expand }) => render(tx, updateProduct(tx, await tx.must(param("id"), "product"), args), expand)),
  );
  app.get(
    "/v1/products",
    wrap(async ({ tx, args, expand }) =>
      renderList(tx, await tx.list("product", { active: args.bool("active") }, listOpts(args)), "/v1/products", expand),
    ),
  );

  app.post(
    "/v1/prices",
    wrap(async ({ tx, args, expand }) => render(tx, await createPrice(tx, args), expand)),
  );
  app.get(
    "/v1/prices/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "price"), expand)),
  );
  app.post(
    "/v1/prices/:id",
    wrap(async ({ tx, args, param, expand }) => render(tx, await updatePrice(tx, await tx.must(param("id"), "price"), args), expand)),
  );
  app.get(
    "/v1/prices",
    wrap(async ({ tx, args, expand }) => {
      const where = {
        product: args.str("product") || undefined,
        active: args.bool("active"),
        type: args.oneOf("type", ["one_time", "recurring"] as const),
        currency: args.str("currency")?.toLowerCase() || undefined,
      };
      const lookupKeys = args.strList("lookup_keys");
      if (lookupKeys.length === 0) return renderList(tx, await tx.list("price", where, listOpts(args)), "/v1/prices", expand);
      const data: Obj[] = [];
      for (const lookup_key of lookupKeys) data.push(...(await tx.list("price", { ...where, lookup_key }, { limit: 1 })).data);
      return renderList(tx, { data, has_more: false }, "/v1/prices", expand);
    }),
  );
}
